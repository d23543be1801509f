package enum Distribution: String, Sendable, Equatable, Codable, CaseIterable {
    case uniform, normal
}

package struct DatasetSpec: Sendable, Equatable, Codable {
    package var seed: UInt64
    package var distribution: Distribution
    /// Rows inserted (and flushed, indexed, loaded) before the first phase.
    package var preloadRows: Int
    package var preloadBatch: Int
    /// Vectors to insert instead of random ones (`.npy`, `.fvecs`, `.bvecs`), row number as the
    /// primary key; an absolute path once loaded.
    package var vectors: String?
    /// Query vectors for searches instead of random ones.
    package var queries: String?
    /// The true nearest neighbours of each query (`.ivecs` or integer `.npy`: row numbers of
    /// `vectors`, nearest first); computed exactly by traceload when absent.
    package var groundTruth: String?

    package init(
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
