package struct SearchSpec: Sendable, Equatable, Codable {
    package var topk: Int
    package var nq: Int
    /// Search params passed to Milvus (e.g. `ef` for HNSW, `nprobe` for IVF).
    package var params: [String: String]
    package var filter: String?
    package var outputFields: [String]
    /// The fraction of searches whose results are checked against the ground truth (recall@topk);
    /// nil when recall is not measured.
    package var recall: Double?

    package init(
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
