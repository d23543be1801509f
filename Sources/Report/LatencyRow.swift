import Results

/// One line of the latency table: a phase's operation, with percentiles from its histogram.
package struct LatencyRow: Sendable {
    package var phase: String
    package var operation: String
    package var requests: Int
    package var errors: Int
    package var throughputPerSecond: Double
    package var latency: LatencySummary
    package var rowsPerSecond: Double?
    package var batchSize: Int?
    /// Recall@k of the checked searches (`search.recall`); nil when not measured.
    package var recall: RecallRecord?

    /// The rows of every reported (non-warm-up) phase, in run order.
    package static func rows(of run: RunRecord) throws -> [LatencyRow] {
        try run.phases.filter { !$0.warmup }.flatMap { phase in
            try phase.operations.map { op in
                let latency = try LatencySummary(op.histogram)
                let seconds = max(phase.elapsedSeconds, 1e-9)
                return LatencyRow(
                    phase: phase.name, operation: op.operation, requests: op.requests, errors: op.errorCount,
                    throughputPerSecond: Double(latency.count) / seconds, latency: latency,
                    rowsPerSecond: op.operation == "insert" ? Double(op.rows) / seconds : nil, batchSize: op.batchSize,
                    recall: op.recall
                )
            }
        }
    }
}

extension LatencySummary {
    /// The percentiles as cells: empty when no request succeeded (there is no latency to show,
    /// and a 0 would read as a fast server).
    package var cells: [String] {
        count == 0 ? Array(repeating: "", count: 6) : [p50, p90, p99, p999, max, mean].map { fixed($0) }
    }
}
