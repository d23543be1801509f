public enum Metric: String, Sendable, Equatable, Codable, CaseIterable {
    case l2 = "L2"
    case ip = "IP"
    case cosine = "COSINE"
}

public struct CollectionSpec: Sendable, Equatable, Codable {
    public var name: String
    public var dim: Int
    public var metric: Metric
    public var index: IndexSpec
    public var fields: [ScalarField]
    public var shards: Int
    /// Drop a collection of the same name before the run (an external Milvus keeps data otherwise).
    public var dropExisting: Bool

    public init(
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
