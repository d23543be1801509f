import Scenario
import Workload

public struct OperationRecord: Codable, Sendable {
    public var operation: OperationKind
    public var requests: Int
    public var errors: [String: Int]
    public var errorExamples: [String: String]?
    public var rows: Int
    /// Insert batch size (rows per request); nil for other operations.
    public var batchSize: Int?
    public var histogram: EncodedHistogram
    /// Searches checked against the ground truth; nil when recall was not measured.
    public var recall: RecallRecord?

    init(kind: OperationKind, stats: OperationStats, phase: Phase) {
        operation = kind
        requests = stats.requests
        errors = stats.errors
        errorExamples = stats.errorExamples.isEmpty ? nil : stats.errorExamples
        rows = stats.rows
        batchSize = kind == .insert ? phase.insert.batch : nil
        histogram = EncodedHistogram(stats.histogram)
        if stats.recallChecked > 0 {
            recall = RecallRecord(searches: stats.recallChecked, hits: stats.recallHits, expected: stats.recallExpected)
        }
    }

    public var errorCount: Int { errors.values.reduce(0, +) }
}
