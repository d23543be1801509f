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
    /// Keep what each checked search asked and got (answers.jsonl), so recall can be recomputed
    /// from outside.
    package var answers: Bool = false
    /// One search parameter given as a list (`params: { ef: [16, 32, 64] }`): the phase runs once
    /// per value, on the same collection, and the runs make a recall/throughput curve.
    package var sweep: Sweep?

    package struct Sweep: Sendable, Equatable, Codable {
        package var parameter: String
        package var values: [String]
    }

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
