import Foundation
import Results
import Scenario

/// `traceload diff`: one new run against one or several base runs, figure by figure, each change
/// with the noise it is measured against, and which figures may fail the build.
///
/// - Several base runs (K ≥ 2): each figure's spread between the base runs (`BaseSpread`) gives
///   the prediction interval of a new run of the same code. The gate is one family: the headline
///   figures (each operation's throughput, p50, p99 and recall), each judged on its worse side at
///   `familyRate` / max(m, 2) (Bonferroni over the m gated figures), so an unchanged run fails at
///   most 1 time in 20 whatever the figures' correlation (when runs' values are about normal).
/// - One base run: what differs between runs is unknown. The noise shown is within each run
///   (its rounds with `run --repeat`, else stretches of its seconds), which understates it; the
///   gate then needs an allowance the user states (`--between-run-noise`), or there is none.
///
/// Only runs with nothing in common (no phase and operation measured by all) are refused.
package struct RunDiff: Sendable {
    package var figures: [DiffFigure]
    /// Settings that differ between the (first) base run and the new one: key, base value, new value (absent: "—").
    package var settings: [(key: String, base: String, new: String)]
    /// Settings in which the base runs differ among themselves (their spread is then not noise).
    package var baseSettings: [String]
    package var baseCount: Int
    /// Rounds in each base run (`run --repeat`); 1 for plain runs.
    package var baseRounds: Int
    /// `--between-run-noise`, in percent of the base; used with one base run only.
    package var allowance: Double?

    /// The gate's false-regression rate for an unchanged run, over its whole family (several bases).
    package static let familyRate = 0.05
    /// The figures that form the gate's family; the rest are printed and exploratory.
    package static let headline: [FigureName] = [.throughput, .p50, .p99, .recall]

    package var gated: [DiffFigure] { figures.filter { $0.gateNoise != nil && $0.notGated == nil } }

    /// The one-sided quantile each gated figure is judged at with several bases.
    package var gateLevel: Double { 1 - Self.familyRate / Double(max(gated.count, 2)) }

    package static func compare(base: RunRecord, new: RunRecord, allowance: Double? = nil) throws -> RunDiff {
        try compare(bases: [base], new: new, allowance: allowance)
    }

    package static func compare(bases: [RunRecord], new: RunRecord, allowance: Double? = nil) throws -> RunDiff {
        guard let first = bases.first else { throw ResultsError.refused("diff needs a base run") }
        let baseRows = try bases.map { try OperationFigures.rows(of: $0) }
        let newRows = try OperationFigures.rows(of: new)
        let common = newRows.filter { n in baseRows.allSatisfy { rows in rows.contains { $0.isSame(n) } } }
        guard !common.isEmpty else {
            let describe = { (rows: [OperationFigures]) in
                rows.map { "\($0.phase)/\($0.operation)" }.joined(separator: ", ")
            }
            throw ResultsError.refused(
                "the runs measured different things: [\(baseRows.map(describe).joined(separator: "] and ["))] against [\(describe(newRows))]; diff compares the same phases and operations"
            )
        }
        var figures: [DiffFigure] = []
        for n in common {
            let sides = baseRows.compactMap { rows in rows.first { $0.isSame(n) } }
            for (metric, y) in n.values {
                let xs = sides.compactMap { $0.value(metric) }
                guard xs.count == sides.count, y.isFinite, xs.allSatisfy(\.isFinite) else { continue }
                let samples = min(n.successes, sides.map(\.successes).min() ?? 0)
                var figure = DiffFigure(
                    phase: n.phase, operation: n.operation, metric: metric, base: Sample(xs).mean, new: y,
                    higherIsBetter: metric == .throughput || metric == .recall, noise: nil, method: "within the runs",
                    sparse: sparse(metric, samples: samples, searches: n.recallSearches))
                if bases.count >= 2 {
                    let floor = rootMeanSquare(sides.map { $0.errors[metric]?.value })
                    figure.error = BaseSpread(xs, floor: floor)?.error
                    figure.method = "between \(bases.count) base runs"
                } else if let a = roundValues(first, n, metric), let b = roundValues(new, n, metric),
                    let spread = roundError(a, b)
                {
                    figure.error = spread
                    figure.method = "rounds"
                } else if let a = sides[0].errors[metric], let b = n.errors[metric] {
                    figure.error = StandardError.difference(a, b)
                }
                figure.noise = figure.error?.halfWidth95
                figures.append(figure)
            }
        }
        figures += ComponentFigures.figures(bases: bases, new: new)
        var diff = RunDiff(
            figures: figures, settings: settingsDiff(first.scenario.settings, new.scenario.settings),
            baseSettings: bases.dropFirst().flatMap { settingsDiff(first.scenario.settings, $0.scenario.settings) }
                .map(\.key).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } },
            baseCount: bases.count, baseRounds: bases.map { $0.rounds?.count ?? 1 }.min() ?? 1,
            allowance: bases.count >= 2 ? nil : allowance)
        diff.setGate()
        return diff
    }

    /// Which figures decide `--fail-on-regression`, and the half-width each is judged against.
    mutating func setGate() {
        let family = figures.indices.filter { i in
            let f = figures[i]
            return f.component == nil && Self.headline.contains(f.metric) && f.sparse == nil && f.error != nil
        }
        for i in figures.indices {
            let f = figures[i]
            if baseCount < 2 && allowance == nil {
                figures[i].notGated = "between-run noise unknown"
            } else if f.component != nil {
                figures[i].notGated = "a component (exploratory)"
            } else if !Self.headline.contains(f.metric) {
                figures[i].notGated = "exploratory: not a headline figure"
            } else if let sparse = f.sparse {
                figures[i].notGated = sparse
            } else if f.error == nil {
                figures[i].notGated = "no noise estimate"
            }
        }
        guard !family.isEmpty else { return }
        if baseCount >= 2 {
            let level = 1 - Self.familyRate / Double(max(family.count, 2))
            let t = StudentT.quantile(level, df: Double(baseCount - 1))
            for i in family { figures[i].gateNoise = figures[i].error.map { t * $0.value } }
        } else if let allowance {
            // The within-run interval and the allowance (a half-width in percent of the base) add
            // as independent errors do: √(w² + (allowance × base)²).
            for i in family {
                let w = figures[i].noise ?? 0
                let a = allowance / 100 * abs(figures[i].base)
                figures[i].gateNoise = (w * w + a * a).squareRoot()
            }
        }
    }

    /// A figure's value in each round of a `run --repeat` run: the phase's own figures where the
    /// rounds keep them, else (older files) the whole round's for a run of one measured phase.
    static func roundValues(_ run: RunRecord, _ row: OperationFigures, _ metric: FigureName) -> [Double]? {
        guard let rounds = run.rounds, rounds.count >= 2 else { return nil }
        let values: [Double]
        if rounds.allSatisfy({ $0.phases != nil }) {
            values = rounds.compactMap { $0.phases?[row.phase]?[FigureKey(row.operation, metric)] }
        } else if run.measuredPhases.count == 1, let key = roundKey(metric, operation: row.operation) {
            values = rounds.compactMap { $0.values[key] }
        } else {
            return nil
        }
        return values.count == rounds.count ? values : nil
    }

    /// Each side's mean over its rounds, differenced (Welch: unequal spreads, Satterthwaite's df).
    static func roundError(_ a: [Double], _ b: [Double]) -> StandardError? {
        let (x, y) = (Sample(a), Sample(b))
        guard x.count >= 2, y.count >= 2 else { return nil }
        return StandardError.difference(
            StandardError(x.deviation / Double(x.count).squareRoot(), df: Double(x.count - 1)),
            StandardError(y.deviation / Double(y.count).squareRoot(), df: Double(y.count - 1)))
    }

    /// The round record's key of an operation's figure in files whose rounds keep only the whole round.
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

    /// √(mean of the squares) of the known values; nil when none is known.
    static func rootMeanSquare(_ values: [Double?]) -> Double? {
        let known = values.compactMap { $0 }
        guard !known.isEmpty else { return nil }
        return (known.reduce(0) { $0 + $1 * $1 } / Double(known.count)).squareRoot()
    }

    static func settingsDiff(_ a: [String: String], _ b: [String: String]) -> [(key: String, base: String, new: String)] {
        Set(a.keys).union(b.keys).sorted().compactMap { key in
            a[key] == b[key] ? nil : (key, a[key] ?? "—", b[key] ?? "—")
        }
    }
}
