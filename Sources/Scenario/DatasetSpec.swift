public enum Distribution: String, Sendable, Equatable, Codable, CaseIterable {
    case uniform, normal
}

public struct DatasetSpec: Sendable, Equatable, Codable {
    public var seed: UInt64
    public var distribution: Distribution
    /// Rows inserted (and flushed, indexed, loaded) before the first phase.
    public var preloadRows: Int
    public var preloadBatch: Int
    /// Vectors to insert instead of random ones (`.npy`, `.fvecs`, `.bvecs`), row number as the
    /// primary key; an absolute path once loaded.
    public var vectors: String?
    /// Query vectors for searches instead of random ones.
    public var queries: String?
    /// The true nearest neighbours of each query (`.ivecs` or integer `.npy`: row numbers of
    /// `vectors`, nearest first); computed exactly by traceload when absent.
    public var groundTruth: String?

    public init(
        seed: UInt64 = 42, distribution: Distribution = .uniform, preloadRows: Int = 0, preloadBatch: Int = 1000,
        vectors: String? = nil, queries: String? = nil, groundTruth: String? = nil
    ) {
        self.seed = seed
        self.distribution = distribution
        self.preloadRows = preloadRows
        self.preloadBatch = preloadBatch
        self.vectors = vectors
        self.queries = queries
        self.groundTruth = groundTruth
    }
}
