/// Recall@k of checked searches, as counts so that runs merge exactly: the true neighbours among
/// the results (`hits`) over those a perfect answer holds (`expected`).
package struct RecallRecord: Codable, Sendable, Equatable {
    package var searches: Int
    package var hits: Int
    package var expected: Int

    package init(searches: Int, hits: Int, expected: Int) {
        self.searches = searches
        self.hits = hits
        self.expected = expected
    }

    /// nil when nothing was expected (no search checked).
    package var recall: Double? { expected > 0 ? Double(hits) / Double(expected) : nil }

    package func adding(_ other: RecallRecord?) -> RecallRecord {
        guard let other else { return self }
        return RecallRecord(
            searches: searches + other.searches, hits: hits + other.hits, expected: expected + other.expected)
    }
}
