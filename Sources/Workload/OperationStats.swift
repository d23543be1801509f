import Scenario
import Synchronization
import TraceContext

/// Counts for one operation: latencies, errors by kind, rows.
public struct OperationStats: Sendable {
    public var histogram = Latency.histogram()
    public var errors: [String: Int] = [:]
    /// The first message seen for each error kind, so a report can say what the kind means here.
    public var errorExamples: [String: String] = [:]
    /// Rows inserted (insert) or returned (search, query) by successful requests.
    public var rows: Int = 0
    /// Searches checked against the ground truth, the true neighbours among their results, and
    /// the true neighbours a perfect answer holds: recall@k is `recallHits / recallExpected`.
    public var recallChecked = 0
    public var recallHits = 0
    public var recallExpected = 0

    public init() {}

    /// Every request issued, failed ones included. Latency percentiles cover successful requests
    /// only: a fast failure is not a fast answer.
    public var requests: Int { Int(histogram.totalCount) + errorCount }
    public var successes: Int { Int(histogram.totalCount) }
    public var errorCount: Int { errors.values.reduce(0, +) }

    public mutating func merge(_ other: OperationStats) {
        histogram.add(other.histogram)
        errors.merge(other.errors, uniquingKeysWith: +)
        errorExamples.merge(other.errorExamples) { mine, _ in mine }
        rows += other.rows
        recallChecked += other.recallChecked
        recallHits += other.recallHits
        recallExpected += other.recallExpected
    }
}
