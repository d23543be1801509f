import Foundation
import Results

/// A search parameter swept over a list of values: recall against throughput and against p99,
/// one point per value (curve.csv, a chart in report.html), the Pareto points marked, and each
/// point's time split into segcore's work, queueing and the rest.
package enum CurveReport {
    package struct Point: Sendable, Equatable {
        package var group: String
        package var parameter: String
        package var value: String
        package var phase: String
        package var recall: Double?
        package var throughput: Double
        package var p50: Double
        package var p99: Double
        package var meanMs: Double
        /// Per search, mean ms: segcore's traced work, the query node's queue, and the rest.
        package var segcoreMs: Double?
        package var queueMs: Double?
        package var pareto = false
    }

    package static func points(_ run: RunRecord) -> [Point] {
        var points: [Point] = []
        for phase in run.measuredPhases {
            guard let curve = phase.curve, let search = phase.operations.first(where: { $0.operation == "search" }),
                let latency = try? LatencySummary(search.histogram), latency.count > 0
            else { continue }
            let breakdown = run.tracing?.breakdowns.first { $0.phase == phase.name && $0.operation.lowercased() == "search" }
            let segcore = breakdown?.components.first { $0.component == "segcore" }?.meanMs
            let queue = (phase.server?.stages ?? []).filter { $0.stage == "querynode.queue" && $0.operation == "search" }
                .max { $0.count < $1.count }
            let queueMs = queue.flatMap { row in
                row.mean.map { $0 * row.count / Double(max(latency.count, 1)) }
            }
            points.append(
                Point(
                    group: curve.group, parameter: curve.parameter, value: curve.value, phase: phase.name,
                    recall: search.recall?.recall, throughput: Double(latency.count) / max(phase.elapsedSeconds, 1e-9),
                    p50: latency.p50, p99: latency.p99, meanMs: latency.mean, segcoreMs: segcore,
                    queueMs: queueMs.map { min($0, latency.mean) }))
        }
        // Pareto: no other point of its curve has as much recall and as much throughput, one of them more.
        for index in points.indices {
            let point = points[index]
            guard let recall = point.recall else { continue }
            points[index].pareto = !points.contains { other in
                guard other.group == point.group, let r = other.recall else { return false }
                return r >= recall && other.throughput >= point.throughput
                    && (r > recall || other.throughput > point.throughput)
            }
        }
        return points
    }

    package static let header =
        "curve,parameter,value,phase,recall,throughput_per_s,p50_ms,p99_ms,pareto,segcore_ms,queue_ms,rest_ms"

    package static func csv(_ points: [Point]) -> String {
        var out = header + "\n"
        for p in points {
            let rest = p.meanMs - (p.segcoreMs ?? 0) - (p.queueMs ?? 0)
            out +=
                [
                    csvField(p.group), csvField(p.parameter), csvField(p.value), csvField(p.phase),
                    p.recall.map { fixed($0, 4) } ?? "", fixed(p.throughput, 1), fixed(p.p50), fixed(p.p99),
                    p.pareto ? "yes" : "", p.segcoreMs.map { fixed($0) } ?? "", p.queueMs.map { fixed($0) } ?? "",
                    fixed(max(0, rest)),
                ].joined(separator: ",") + "\n"
        }
        return out
    }

    /// Recall against throughput and against p99, per curve; Pareto points filled, the others hollow.
    package static func html(_ points: [Point]) -> String {
        let groups = Dictionary(grouping: points.filter { $0.recall != nil }, by: \.group)
        guard !groups.isEmpty else { return "" }
        var out = "<h2>Recall against throughput and latency</h2>"
        for (group, curve) in groups.sorted(by: { $0.key < $1.key }) {
            let sorted = curve.sorted { (Double($0.value) ?? 0) < (Double($1.value) ?? 0) }
            out += "<p class=\"note\">Phase \(escape(group)), \(escape(sorted[0].parameter)) = \(escape(sorted.map(\.value).joined(separator: ", "))); filled points are Pareto-optimal (no other value gives as much recall and throughput).</p>"
            out += scatter(sorted, x: \.throughput, xLabel: "successful searches per second")
            out += scatter(sorted, x: \.p99, xLabel: "p99 latency (ms)")
        }
        return out
    }

    static func scatter(_ points: [Point], x: KeyPath<Point, Double>, xLabel: String) -> String {
        let chart = SVGChart(width: 1000, height: 300)
        let xs = points.map { $0[keyPath: x] }
        let recalls = points.compactMap(\.recall)
        let xRange = 0...max(1e-9, (xs.max() ?? 1) * 1.1)
        let low = max(0, (recalls.min() ?? 0) - 0.05)
        let yRange = low...1.0
        var out = chart.frame(
            xRange: xRange, yRange: yRange, xTicks: SVGChart.ticks(upTo: xRange.upperBound).map { ($0, formatTick($0)) },
            yTicks: stride(from: low, through: 1.0, by: max(0.01, (1 - low) / 5)).map { ($0, String(format: "%.2f", $0)) },
            xLabel: xLabel, yLabel: "recall")
        out += chart.polyline(
            points.compactMap { p in p.recall.map { (p[keyPath: x], $0) } }, xRange: xRange, yRange: yRange,
            color: SVGChart.palette[0])
        for p in points {
            guard let recall = p.recall else { continue }
            let cx = chart.x(p[keyPath: x], xRange)
            let cy = chart.y(recall, yRange)
            out +=
                "<circle cx=\"\(r(cx))\" cy=\"\(r(cy))\" r=\"5\" fill=\"\(p.pareto ? SVGChart.palette[0] : "#fff")\" stroke=\"\(SVGChart.palette[0])\" stroke-width=\"2\"/>"
            out += "<text x=\"\(r(cx + 7))\" y=\"\(r(cy - 6))\" class=\"small\">\(escape(p.parameter))=\(escape(p.value))</text>"
        }
        return chart.svg(out)
    }
}
