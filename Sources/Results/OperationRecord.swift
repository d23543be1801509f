import Workload

/// One operation of one phase: its requests, errors by kind, and latency histogram.
package struct OperationRecord: Codable, Sendable {
    /// `search`, `insert` or `query`.
    package var operation: String
    package var requests: Int
    package var errors: [String: Int]
    package var errorExamples: [String: String]?
    package var rows: Int
    /// Insert batch size (rows per request); nil for other operations.
    package var batchSize: Int?
    package var histogram: EncodedHistogram
    /// Searches checked against the ground truth; nil when recall was not measured.
    package var recall: RecallRecord?

    package init(operation: String, stats: OperationStats, batchSize: Int?) {
        self.operation = operation
        requests = stats.requests
        errors = stats.errors
        errorExamples = stats.errorExamples.isEmpty ? nil : stats.errorExamples
        rows = stats.rows
        self.batchSize = batchSize
        histogram = EncodedHistogram(stats.histogram)
        if stats.recallChecked > 0 {
            recall = RecallRecord(searches: stats.recallChecked, hits: stats.recallHits, expected: stats.recallExpected)
        }
    }

    package var errorCount: Int { errors.values.reduce(0, +) }
    package var successes: Int { requests - errorCount }
}
