public enum Distribution: String, Sendable, Equatable, Codable, CaseIterable {
    case uniform, normal
}

public struct DatasetSpec: Sendable, Equatable, Codable {
    public var seed: UInt64
    public var distribution: Distribution
    /// Rows inserted (and flushed, indexed, loaded) before the first phase.
    public var preloadRows: Int
    public var preloadBatch: Int

    public init(
        seed: UInt64 = 42, distribution: Distribution = .uniform, preloadRows: Int = 0, preloadBatch: Int = 1000
    ) {
        self.seed = seed
        self.distribution = distribution
        self.preloadRows = preloadRows
        self.preloadBatch = preloadBatch
    }
}
