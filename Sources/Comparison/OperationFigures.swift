import Foundation
import Histogram
import Results
import Scenario

/// An operation of a phase as `diff` reads it: its figures and each one's standard error from within the run.
struct OperationFigures {
    var phase: String
    var operation: String
    var successes: Int
    var recallSearches: Int
    /// In a fixed order: p50, p90, p99, p99.9, throughput (and recall when measured).
    var values: [(key: FigureName, value: Double)]
    var errors: [FigureName: StandardError]

    func value(_ metric: FigureName) -> Double? { values.first { $0.key == metric }?.value }

    func isSame(_ other: OperationFigures) -> Bool { phase == other.phase && operation == other.operation }

    static func rows(of run: RunRecord) throws -> [OperationFigures] {
        try run.measuredPhases.flatMap { phase in
            try phase.operations.map { op in
                let histogram = try op.histogram.decode()
                let summary = LatencySummary(histogram)
                let seconds = max(phase.elapsedSeconds, 1e-9)
                let throughput = Double(histogram.totalCount) / seconds
                var values: [(FigureName, Double)] = []
                var errors: [FigureName: StandardError] = [:]
                if summary.count > 0 {
                    for (key, value) in [
                        (FigureName.p50, summary.p50), (.p90, summary.p90), (.p99, summary.p99), (.p999, summary.p999),
                    ] {
                        values.append((key, value))
                        errors[key] = key.quantile.flatMap { RunNoise.percentile($0, of: op, in: phase) }
                    }
                }
                values.append((.throughput, throughput))
                // The phase's per-second spread, shared out by this operation's part of the requests.
                let share = Double(op.successes) / Double(max(1, phase.operations.reduce(0) { $0 + $1.successes }))
                errors[.throughput] = RunNoise.throughput(phase).map { StandardError($0.value * share, df: $0.df) }
                if let recall = op.recall, let value = recall.recall {
                    values.append((.recall, value))
                    errors[.recall] = RunNoise.recall(value, searches: recall.searches)
                }
                return OperationFigures(
                    phase: phase.name, operation: op.operation, successes: op.successes,
                    recallSearches: op.recall?.searches ?? 0, values: values, errors: errors)
            }
        }
    }
}
