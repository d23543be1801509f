import Foundation
import Results
import Scenario

/// `traceload diff`: two runs of one thing, figure by figure, each change with the noise it is
/// measured against. With rounds on both sides (`run --repeat`, a comparison's variants) the
/// noise comes from the spread between rounds; for two single runs, from within each run
/// (`RunNoise`). The settings in which the two differ are listed; only runs with nothing in
/// common (no phase and operation both measured) are refused.
package struct RunDiff: Sendable {
    package var figures: [DiffFigure]
    /// Settings that differ: key, base value, new value (absent: "—").
    package var settings: [(key: String, base: String, new: String)]

    package static func compare(base: RunRecord, new: RunRecord) throws -> RunDiff {
        let baseRows = try OperationFigures.rows(of: base)
        let newRows = try OperationFigures.rows(of: new)
        let common = baseRows.filter { b in newRows.contains { $0.phase == b.phase && $0.operation == b.operation } }
        guard !common.isEmpty else {
            let describe = { (rows: [OperationFigures]) in
                rows.map { "\($0.phase)/\($0.operation)" }.joined(separator: ", ")
            }
            throw ResultsError.refused(
                "the runs measured different things: [\(describe(baseRows))] against [\(describe(newRows))]; diff compares the same phases and operations"
            )
        }
        var figures: [DiffFigure] = []
        let useRounds = (base.rounds?.count ?? 0) >= 2 && (new.rounds?.count ?? 0) >= 2
        for b in common {
            guard let n = newRows.first(where: { $0.phase == b.phase && $0.operation == b.operation }) else { continue }
            for (metric, x) in b.values {
                guard let y = n.values.first(where: { $0.key == metric })?.value, x.isFinite, y.isFinite else {
                    continue
                }
                let higherIsBetter = metric == .throughput || metric == .recall
                var noise = DiffFigure.noise(base: b.errors[metric] ?? nil, new: n.errors[metric] ?? nil)
                var method = "within the runs"
                // A single-phase run's rounds speak for that phase.
                if useRounds, base.measuredPhases.count == 1, let key = roundKey(metric, operation: b.operation),
                    let spread = DiffFigure.noise(
                        baseRounds: base.rounds!.compactMap { $0.values[key] },
                        newRounds: new.rounds!.compactMap { $0.values[key] })
                {
                    noise = spread
                    method = "rounds"
                }
                figures.append(
                    DiffFigure(
                        phase: b.phase, operation: b.operation, metric: metric, base: x, new: y,
                        higherIsBetter: higherIsBetter, noise: noise, method: method,
                        sparse: sparse(metric, samples: min(b.successes, n.successes), searches: b.recallSearches)))
            }
        }
        figures += componentFigures(base: base, new: new)
        return RunDiff(figures: figures, settings: settingsDiff(base.scenario.settings, new.scenario.settings))
    }

    /// The round record's key of an operation's figure (a round keeps throughput for the whole round).
    static func roundKey(_ metric: FigureName, operation: String) -> FigureKey? {
        switch metric {
        case .throughput: .throughput
        case .p50, .p99, .recall: FigureKey(operation, metric)
        default: nil
        }
    }

    static func sparse(_ metric: FigureName, samples: Int, searches: Int) -> String? {
        guard let q = metric.quantile else { return nil }
        let needed = Int((10 / min(q, 1 - q)).rounded(.up))
        return samples < needed ? "from \(samples) requests (\(needed) would make it more than a guess)" : nil
    }

    /// Per component, p50 (its noise from the number of traces behind it) and p99 (sparse below
    /// 1,000 traces: reported, never gated).
    static func componentFigures(base: RunRecord, new: RunRecord) -> [DiffFigure] {
        let baseRows = base.tracing?.breakdowns.flatMap(\.components) ?? []
        let newRows = new.tracing?.breakdowns.flatMap(\.components) ?? []
        var out: [DiffFigure] = []
        for b in baseRows {
            guard
                let n = newRows.first(where: {
                    $0.phase == b.phase && $0.operation == b.operation && $0.component == b.component
                })
            else { continue }
            let requests = min(b.requests, n.requests)
            out.append(
                DiffFigure(
                    phase: b.phase, operation: b.operation, component: b.component, metric: .p50, base: b.p50Ms,
                    new: n.p50Ms, higherIsBetter: false,
                    noise: DiffFigure.noise(
                        base: RunNoise.componentMedian(p50: b.p50Ms, p90: b.p90Ms, requests: b.requests),
                        new: RunNoise.componentMedian(p50: n.p50Ms, p90: n.p90Ms, requests: n.requests)),
                    method: "traces", sparse: sparse(.p50, samples: requests, searches: 0)))
            out.append(
                DiffFigure(
                    phase: b.phase, operation: b.operation, component: b.component, metric: .p99, base: b.p99Ms,
                    new: n.p99Ms, higherIsBetter: false, noise: nil, method: "traces",
                    sparse: sparse(.p99, samples: requests, searches: 0)))
        }
        return out
    }

    static func settingsDiff(_ a: [String: String], _ b: [String: String]) -> [(key: String, base: String, new: String)] {
        Set(a.keys).union(b.keys).sorted().compactMap { key in
            a[key] == b[key] ? nil : (key, a[key] ?? "—", b[key] ?? "—")
        }
    }
}

/// An operation of a phase as `diff` reads it: its figures and each one's standard error from within the run.
struct OperationFigures {
    var phase: String
    var operation: String
    var successes: Int
    var recallSearches: Int
    /// In a fixed order: p50, p90, p99, p99.9, throughput (and recall when measured).
    var values: [(key: FigureName, value: Double)]
    var errors: [FigureName: Double?]

    static func rows(of run: RunRecord) throws -> [OperationFigures] {
        try run.measuredPhases.flatMap { phase in
            try phase.operations.map { op in
                let histogram = try op.histogram.decode()
                let summary = LatencySummary(histogram)
                let seconds = max(phase.elapsedSeconds, 1e-9)
                let throughput = Double(histogram.totalCount) / seconds
                var values: [(FigureName, Double)] = []
                var errors: [FigureName: Double?] = [:]
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
                errors[.throughput] = RunNoise.throughput(phase).map { $0 * share }
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
