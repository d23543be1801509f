import Results
import Scenario
import Workload

/// One line of the latency table: a phase's operation, with percentiles from its histogram.
public struct LatencyRow: Sendable {
    public var phase: String
    public var operation: OperationKind
    public var requests: Int
    public var errors: Int
    public var throughputPerSecond: Double
    public var latency: LatencySummary
    public var rowsPerSecond: Double?
    public var batchSize: Int?
    /// Recall@k of the checked searches (`search.recall`); nil when not measured.
    public var recall: RecallRecord?

    /// The rows of every reported (non-warm-up) phase, in run order.
    public static func rows(of run: RunRecord) throws -> [LatencyRow] {
        try run.phases.filter { !$0.warmup }.flatMap { phase in
            try phase.operations.map { op in
                let histogram = try op.histogram.decode()
                let seconds = max(phase.elapsedSeconds, 1e-9)
                return LatencyRow(
                    phase: phase.name, operation: op.operation, requests: op.requests, errors: op.errorCount,
                    throughputPerSecond: Double(histogram.totalCount) / seconds, latency: LatencySummary(histogram),
                    rowsPerSecond: op.operation == .insert ? Double(op.rows) / seconds : nil, batchSize: op.batchSize,
                    recall: op.recall
                )
            }
        }
    }
}

extension LatencySummary {
    /// The percentiles as cells: empty when no request succeeded (there is no latency to show,
    /// and a 0 would read as a fast server).
    public var cells: [String] {
        count == 0 ? Array(repeating: "", count: 6) : [p50, p90, p99, p999, max, mean].map { fixed($0) }
    }
}
