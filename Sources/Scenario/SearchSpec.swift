public struct SearchSpec: Sendable, Equatable, Codable {
    public var topk: Int
    public var nq: Int
    /// Search params passed to Milvus (e.g. `ef` for HNSW, `nprobe` for IVF).
    public var params: [String: String]
    public var filter: String?
    public var outputFields: [String]
    /// The fraction of searches whose results are checked against the ground truth (recall@topk);
    /// nil when recall is not measured.
    public var recall: Double?

    public init(
        topk: Int = 10, nq: Int = 1, params: [String: String] = [:], filter: String? = nil, outputFields: [String] = [],
        recall: Double? = nil
    ) {
        self.recall = recall
        self.topk = topk
        self.nq = nq
        self.params = params
        self.filter = filter
        self.outputFields = outputFields
    }
}
