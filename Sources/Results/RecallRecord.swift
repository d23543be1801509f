/// Recall@k of checked searches, as counts so that runs merge exactly: the true neighbours among
/// the results (`hits`) over those a perfect answer holds (`expected`).
public struct RecallRecord: Codable, Sendable, Equatable {
    public var searches: Int
    public var hits: Int
    public var expected: Int

    public init(searches: Int, hits: Int, expected: Int) {
        self.searches = searches
        self.hits = hits
        self.expected = expected
    }

    /// nil when nothing was expected (no search checked).
    public var recall: Double? { expected > 0 ? Double(hits) / Double(expected) : nil }

    public func adding(_ other: RecallRecord?) -> RecallRecord {
        guard let other else { return self }
        return RecallRecord(
            searches: searches + other.searches, hits: hits + other.hits, expected: expected + other.expected)
    }
}
