import Scenario
import Synchronization
import TraceContext

/// Counts for one operation: latencies, errors by kind, rows.
package struct OperationStats: Sendable {
    package var histogram = Latency.histogram()
    package var errors: [String: Int] = [:]
    /// The first message seen for each error kind, so a report can say what the kind means here.
    package var errorExamples: [String: String] = [:]
    /// Rows inserted (insert) or returned (search, query) by successful requests.
    package var rows: Int = 0
    /// Searches checked against the ground truth, the true neighbours among their results, and
    /// the true neighbours a perfect answer holds: recall@k is `recallHits / recallExpected`.
    package var recallChecked = 0
    package var recallHits = 0
    package var recallExpected = 0

    package init() {}

    /// Every request issued, failed ones included. Latency percentiles cover successful requests
    /// only: a fast failure is not a fast answer.
    package var requests: Int { Int(histogram.totalCount) + errorCount }
    package var successes: Int { Int(histogram.totalCount) }
    package var errorCount: Int { errors.values.reduce(0, +) }

    package mutating func merge(_ other: OperationStats) {
        histogram.add(other.histogram)
        errors.merge(other.errors, uniquingKeysWith: +)
        errorExamples.merge(other.errorExamples) { mine, _ in mine }
        rows += other.rows
        recallChecked += other.recallChecked
        recallHits += other.recallHits
        recallExpected += other.recallExpected
    }
}
