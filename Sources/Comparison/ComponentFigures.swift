import Foundation
import Results
import Scenario

/// Per component of an operation, p50 and p99 as `diff` shows them. Their noise comes from the
/// traces behind them (an order statistic's error from the number of traces, the spread read off
/// the component's p50, p90 and p99) or, with several base runs, from the spread between them.
/// They are printed with that noise and never gated: a run has many components, each read from a
/// sample of traces, and gating them all would make a false alarm likely.
enum ComponentFigures {
    static func figures(bases: [RunRecord], new: RunRecord) -> [DiffFigure] {
        let baseRows = bases.map { $0.tracing?.breakdowns.flatMap(\.components) ?? [] }
        let newRows = new.tracing?.breakdowns.flatMap(\.components) ?? []
        var out: [DiffFigure] = []
        for b in baseRows.first ?? [] {
            let sides = baseRows.compactMap { rows in
                rows.first { $0.phase == b.phase && $0.operation == b.operation && $0.component == b.component }
            }
            guard sides.count == bases.count,
                let n = newRows.first(where: {
                    $0.phase == b.phase && $0.operation == b.operation && $0.component == b.component
                })
            else { continue }
            let requests = min(n.requests, sides.map(\.requests).min() ?? 0)
            let metrics: [(FigureName, [Double], Double, [StandardError?], StandardError?)] = [
                (
                    .p50, sides.map(\.p50Ms), n.p50Ms,
                    sides.map { RunNoise.componentMedian(p50: $0.p50Ms, p90: $0.p90Ms, requests: $0.requests) },
                    RunNoise.componentMedian(p50: n.p50Ms, p90: n.p90Ms, requests: n.requests)
                ),
                (
                    .p99, sides.map(\.p99Ms), n.p99Ms,
                    sides.map { RunNoise.componentTail(p90: $0.p90Ms, p99: $0.p99Ms, requests: $0.requests) },
                    RunNoise.componentTail(p90: n.p90Ms, p99: n.p99Ms, requests: n.requests)
                ),
            ]
            for (metric, xs, y, baseErrors, newError) in metrics {
                var figure = DiffFigure(
                    phase: b.phase, operation: b.operation, component: b.component, metric: metric,
                    base: Sample(xs).mean, new: y, higherIsBetter: false, noise: nil, method: "traces",
                    sparse: RunDiff.sparse(metric, samples: requests, searches: 0))
                if bases.count >= 2 {
                    figure.error = BaseSpread(xs, floor: RunDiff.rootMeanSquare(baseErrors.map { $0?.value }))?.error
                    figure.method = "between \(bases.count) base runs"
                } else if let a = baseErrors[0], let c = newError {
                    figure.error = StandardError.difference(a, c)
                }
                figure.noise = figure.error?.halfWidth95
                out.append(figure)
            }
        }
        return out
    }
}
