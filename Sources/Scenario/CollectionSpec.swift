package enum Metric: String, Sendable, Equatable, Codable, CaseIterable {
    case l2 = "L2"
    case ip = "IP"
    case cosine = "COSINE"
}

package struct CollectionSpec: Sendable, Equatable, Codable {
    package var name: String
    package var dim: Int
    package var metric: Metric
    package var index: IndexSpec
    package var fields: [ScalarField]
    package var shards: Int
    /// Drop a collection of the same name before the run (an external Milvus keeps data otherwise).
    package var dropExisting: Bool

    package init(
        name: String, dim: Int, metric: Metric = .l2, index: IndexSpec = IndexSpec(type: .hnsw),
        fields: [ScalarField] = [], shards: Int = 1, dropExisting: Bool = true
    ) {
        self.name = name
        self.dim = dim
        self.metric = metric
        self.index = index
        self.fields = fields
        self.shards = shards
        self.dropExisting = dropExisting
    }
}
