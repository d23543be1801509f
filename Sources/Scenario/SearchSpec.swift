public struct SearchSpec: Sendable, Equatable, Codable {
    public var topk: Int
    public var nq: Int
    /// Search params passed to Milvus (e.g. `ef` for HNSW, `nprobe` for IVF).
    public var params: [String: String]
    public var filter: String?
    public var outputFields: [String]

    public init(
        topk: Int = 10, nq: Int = 1, params: [String: String] = [:], filter: String? = nil, outputFields: [String] = []
    ) {
        self.topk = topk
        self.nq = nq
        self.params = params
        self.filter = filter
        self.outputFields = outputFields
    }
}
