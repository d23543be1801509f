import Analysis
import Findings
import Foundation
import Results

/// report.html: one self-contained page (inline SVG and CSS, no scripts, no network) with the
/// percentile distribution per operation, throughput and p99 over time, the component split of
/// median and slowest requests, and the waterfall of the slowest sampled trace.
package enum HTMLReport {
    package static func render(
        _ run: RunRecord, rows: [LatencyRow], outcomes: [ThresholdReport.Outcome] = [], findings: [Finding] = [],
        curve: [CurveReport.Point] = []
    ) throws -> String {
        var body = run.failure.map { "<p class=\"warn\"><b>Run failed: \(escape($0)).</b></p>" } ?? ""
        body += "<h1>traceload: \(escape(run.scenario.name))</h1>"
        body +=
            "<p class=\"meta\">Milvus \(escape(run.environment.milvusVersion)) (\(escape(run.environment.milvusTarget))) · "
        body +=
            "\(escape(run.environment.hostname)), \(run.environment.cpuCores) cores · started \(ISO8601DateFormatter().string(from: run.startedAt))</p>"
        if let partial = run.partial { body += "<p class=\"warn\">Partial run, stopped early: \(escape(partial))</p>" }
        body += FindingsReport.html(findings)
        if !outcomes.isEmpty {
            let failed = outcomes.filter { !$0.passed }
            body +=
                failed.isEmpty
                ? "<p class=\"ok\">\(ThresholdReport.allHold(outcomes.count)).</p>"
                : "<p class=\"warn\">\(failed.count) of \(outcomes.count) thresholds crossed: "
                    + failed.map { escape("\($0.key) \($0.condition)") }.joined(separator: ", ") + "</p>"
        }
        body += latencyTable(rows)
        body +=
            "<h2>Latency by percentile</h2><p class=\"note\">Milliseconds against the percentile, on a log scale of 1/(1−p) as HdrHistogram plots it: the tail gets the room.</p>"
        body += try percentileChart(run)
        body += CurveReport.html(curve)
        body += "<h2>Throughput and p99 over time</h2>"
        if StagesReport.hasMetrics(run) {
            body +=
                "<p class=\"note\">Below them, on the same seconds, what Milvus was doing (from its metrics): CPU in use, and its query nodes' read-task queue.</p>"
        }
        body += timelineCharts(run)
        if let tracing = run.tracing, !tracing.breakdowns.isEmpty {
            let colors = ComponentColors(
                tracing.breakdowns.flatMap { $0.tail.map(\.component) + $0.slowestTrace.map(\.component) })
            body +=
                "<h2>Where the time goes</h2><p class=\"note\">Mean time per component in the median requests and in the slowest 1% of sampled requests; a request's components add up to its latency. "
            body +=
                "Hatched: the component's untraced time, inside its spans while no span's work ran (waiting no span measures).</p>"
            body += componentBars(tracing.breakdowns, colors: colors)
            if let slowest = tracing.breakdowns.max(by: { $0.slowestRequestMs < $1.slowestRequestMs }),
                !slowest.slowestTrace.isEmpty
            {
                body +=
                    "<h2>The slowest sampled request</h2><p class=\"note\">\(escape(slowest.operation)) in phase \(escape(slowest.phase)), \(fixed(slowest.slowestRequestMs)) ms. The server's spans are placed inside the client span with the wire time split evenly before and after.</p>"
                body += waterfall(slowest, colors: colors)
            }
        }
        return page(title: "traceload: \(run.scenario.name)", body: body)
    }

    /// A self-contained page (no scripts, no network) around `body`.
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>
        body{font:14px/1.45 -apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px auto;max-width:1040px;color:#222;padding:0 16px}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 6px;border-bottom:1px solid #ddd;padding-bottom:4px}
        .meta,.note{color:#666;margin:2px 0 8px}.warn{color:#a40000;font-weight:600}.ok{color:#1a7f37;font-weight:600}
        table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 8px;border-bottom:1px solid #eee;text-align:right}td:first-child,td:nth-child(2),th:first-child,th:nth-child(2){text-align:left}
        svg{display:block;margin:4px 0}.plot{fill:#fcfcfc;stroke:#bbb}.grid{stroke:#e6e6e6}.tick{font-size:11px;fill:#555}.axis{font-size:12px;fill:#333}
        .legend{font-size:12px;margin:2px 0 10px}.legend span{display:inline-block;margin-right:14px}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
        .label{font-size:11px;fill:#222}.small{font-size:10px;fill:#555}
        </style></head><body>\(body)</body></html>
        """
    }

    static func latencyTable(_ rows: [LatencyRow]) -> String {
        let withRecall = rows.contains { $0.recall != nil }
        var out =
            "<table><tr><th>phase</th><th>operation</th><th>requests</th><th>errors</th><th>req/s</th><th>p50 ms</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th>"
            + (withRecall ? "<th>recall@k</th>" : "") + "</tr>"
        for row in rows {
            out +=
                "<tr><td>\(escape(row.phase))</td><td>\(row.operation)</td><td>\(row.requests)</td><td>\(row.errors)</td><td>\(fixed(row.throughputPerSecond, 1))</td>"
            out += row.latency.cells.prefix(5).map { "<td>\($0.isEmpty ? "–" : $0)</td>" }.joined()
            if withRecall { out += "<td>\(row.recall?.recall.map { fixed($0, 4) } ?? "–")</td>" }
            out += "</tr>"
        }
        return out + "</table>"
    }

    static func legend(_ entries: [(String, String)]) -> String {
        "<div class=\"legend\">"
            + entries.map { "<span><i style=\"background:\($0.1)\"></i>\(escape($0.0))</span>" }.joined() + "</div>"
    }

    static func percentileChart(_ run: RunRecord) throws -> String {
        let chart = SVGChart(width: 1000, height: 340)
        var series: [(String, [(Double, Double)])] = []
        for phase in run.phases where !phase.warmup {
            for op in phase.operations {
                let histogram = try op.histogram.decode()
                guard histogram.totalCount > 0 else { continue }
                // x = log10(1/(1-p)); stop where the histogram has no more resolution.
                let top = min(4, log10(Double(histogram.totalCount)))
                let points =
                    stride(from: 0.0, through: top, by: 0.05).map { k -> (Double, Double) in
                        (k, Double(histogram.valueAtPercentile(100 * (1 - pow(10, -k)))) / 1000)
                    } + [(top, Double(histogram.max) / 1000)]
                series.append(("\(phase.name) / \(op.operation)", points))
            }
        }
        guard !series.isEmpty else { return "<p class=\"note\">No requests.</p>" }
        let yMax = (series.flatMap { $0.1.map(\.1) }.max() ?? 1) * 1.05
        let yTicks = SVGChart.ticks(upTo: yMax)
        let yRange = 0...(yTicks.last ?? yMax)
        let xRange = 0.0...4.0
        let xTicks = [(0.0, "0%"), (1, "90%"), (2, "99%"), (3, "99.9%"), (4, "99.99%")]
        var body = chart.frame(
            xRange: xRange, yRange: yRange, xTicks: xTicks, yTicks: yTicks.map { ($0, formatTick($0)) },
            xLabel: "percentile", yLabel: "latency (ms)")
        var entries: [(String, String)] = []
        for (i, (name, points)) in series.enumerated() {
            let color = SVGChart.palette[i % SVGChart.palette.count]
            body += chart.polyline(points, xRange: xRange, yRange: yRange, color: color)
            entries.append((name, color))
        }
        return chart.svg(body) + legend(entries)
    }

    static func timelineCharts(_ run: RunRecord) -> String {
        let phases = run.phases.filter { !$0.warmup }
        guard !phases.isEmpty else { return "" }
        var offset = 0.0
        var throughput: [(Double, Double)] = []
        var p99: [(Double, Double)] = []
        var server: [String: [(Double, Double)]] = [:]
        var boundaries: [(Double, String)] = []
        for phase in phases {
            boundaries.append((offset, phase.name))
            for point in CSVFiles.fillGaps(phase.timeline, elapsed: phase.elapsedSeconds) {
                // As timeline.csv has it: the last, partial second as a rate over the part that
                // ran, a sliver of one left out.
                let covered = CSVFiles.coveredSeconds(point.second, elapsed: phase.elapsedSeconds)
                guard let rate = CSVFiles.rate(point.requests - point.errors, covered: covered) else { continue }
                throughput.append((offset + Double(point.second) + covered / 2, rate))
                p99.append((offset + Double(point.second) + 0.5, point.p99Ms))
            }
            for sample in phase.server?.timeline ?? [] {
                for (name, value) in sample.values {
                    server[name, default: []].append((offset + Double(sample.second) + 0.5, value))
                }
            }
            offset += max(phase.elapsedSeconds, Double((phase.timeline.last?.second ?? 0) + 1))
        }
        let xRange = 0...max(offset, 1)
        let xTicks = SVGChart.ticks(upTo: offset, count: 10).filter { $0 <= offset }.map { ($0, formatTick($0)) }
        func chart(
            _ points: [(Double, Double)], label: String, color: String,
            more: [(String, [(Double, Double)], String)] = []
        ) -> String {
            let chart = SVGChart(width: 1000, height: 220)
            let yTicks = SVGChart.ticks(upTo: ((points + more.flatMap(\.1)).map(\.1).max() ?? 1) * 1.05)
            let yRange = 0...(yTicks.last ?? 1)
            var body = chart.frame(
                xRange: xRange, yRange: yRange, xTicks: xTicks, yTicks: yTicks.map { ($0, formatTick($0)) },
                xLabel: "seconds since the first reported phase began", yLabel: label)
            for (start, name) in boundaries {
                let px = chart.x(start, xRange)
                body +=
                    "<line x1=\"\(r(px))\" x2=\"\(r(px))\" y1=\"\(chart.margin.top)\" y2=\"\(chart.margin.top + chart.plotHeight)\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>"
                body +=
                    "<text x=\"\(r(px + 4))\" y=\"\(r(chart.margin.top + 12))\" class=\"small\">\(escape(name))</text>"
            }
            body += more.map { chart.polyline($0.1, xRange: xRange, yRange: yRange, color: $0.2) }.joined()
            return chart.svg(body + chart.polyline(points, xRange: xRange, yRange: yRange, color: color))
        }
        var out =
            chart(throughput, label: "successful req/s", color: SVGChart.palette[0])
            + chart(p99, label: "p99 (ms)", color: SVGChart.palette[1])
        if let cpu = server["cpu_cores"], !cpu.isEmpty {
            out += chart(cpu, label: "Milvus CPU (cores)", color: SVGChart.palette[2])
        }
        if let ready = server["read_tasks_ready"], !ready.isEmpty {
            let unsolved = server["read_tasks_unsolved"] ?? []
            out += chart(
                ready, label: "read tasks", color: SVGChart.palette[3],
                more: [("unsolved", unsolved, SVGChart.palette[4])])
            out += legend([
                ("ready (queued on the query nodes)", SVGChart.palette[3]),
                ("unsolved (waiting to be scheduled)", SVGChart.palette[4]),
            ])
        }
        return out
    }

    static func componentBars(_ breakdowns: [OperationBreakdown], colors: ComponentColors) -> String {
        let components = Array(Set(breakdowns.flatMap { $0.tail.map(\.component) })).sorted { a, b in
            a == Attribution.clientAndWire ? true : b == Attribution.clientAndWire ? false : a < b
        }
        // (component, mean ms, of which untraced ms) per bar.
        let bars = breakdowns.filter { !$0.tail.isEmpty }.flatMap { b -> [(String, [(String, Double, Double)])] in
            [
                (
                    "\(b.phase) / \(b.operation) — median",
                    b.tail.map { ($0.component, $0.medianRequestMs, $0.medianUntracedMs ?? 0) }
                ),
                (
                    "\(b.phase) / \(b.operation) — slowest 1%",
                    b.tail.map { ($0.component, $0.slowestRequestsMs, $0.slowestUntracedMs ?? 0) }
                ),
            ]
        }
        guard !bars.isEmpty else { return "" }
        let labelWidth = 260.0
        let rowHeight = 26.0
        let width = 1000.0
        let maxTotal = bars.map { $0.1.reduce(0) { $0 + $1.1 } }.max() ?? 1
        let scale = (width - labelWidth - 90) / max(maxTotal, 1e-9)
        var body = colors.hatchDefinitions(components)
        for (i, (label, parts)) in bars.enumerated() {
            let y = 8 + Double(i) * rowHeight
            body +=
                "<text x=\"\(r(labelWidth - 8))\" y=\"\(r(y + 15))\" class=\"label\" text-anchor=\"end\">\(escape(label))</text>"
            var x = labelWidth
            for component in components {
                guard let (_, value, untraced) = parts.first(where: { $0.0 == component }), value > 0 else { continue }
                let traced = max(0, value - untraced)
                let title =
                    "\(escape(component)): \(fixed(value)) ms"
                    + (untraced > 0 ? ", \(fixed(untraced)) ms of it untraced" : "")
                body +=
                    "<rect x=\"\(r(x))\" y=\"\(r(y))\" width=\"\(r(max(traced * scale, 0.5)))\" height=\"18\" fill=\"\(colors[component])\"><title>\(title)</title></rect>"
                if untraced > 0 {
                    body +=
                        "<rect x=\"\(r(x + traced * scale))\" y=\"\(r(y))\" width=\"\(r(max(untraced * scale, 0.5)))\" height=\"18\" fill=\"url(#\(ComponentColors.hatchID(component)))\" stroke=\"\(colors[component])\" stroke-width=\"0.5\"><title>\(title)</title></rect>"
                }
                x += value * scale
            }
            body +=
                "<text x=\"\(r(x + 6))\" y=\"\(r(y + 14))\" class=\"small\">\(fixed(parts.reduce(0) { $0 + $1.1 }, 2)) ms</text>"
        }
        let height = 16 + Double(bars.count) * rowHeight
        return SVGChart(width: width, height: height).svg(body) + legend(components.map { ($0, colors[$0]) })
    }

    static func waterfall(_ breakdown: OperationBreakdown, colors: ComponentColors) -> String {
        let lines = breakdown.slowestTrace
        guard let client = lines.first, lines.count > 1 else { return "" }
        let total = max(client.durationMs, 1e-6)
        let root = lines[1]
        let wireBefore = max(0, (client.durationMs - root.durationMs) / 2)
        let components = Array(Set(lines.map(\.component))).sorted()
        let labelWidth = 420.0
        let rowHeight = 20.0
        let width = 1000.0
        let scale = (width - labelWidth - 80) / total
        var body = ""
        for (i, line) in lines.enumerated() {
            let y = 6 + Double(i) * rowHeight
            let start = i == 0 ? 0 : wireBefore + line.startOffsetMs
            let name = String(repeating: "  ", count: line.depth) + line.name
            body +=
                "<text x=\"4\" y=\"\(r(y + 12))\" class=\"label\" xml:space=\"preserve\">\(escape(String(name.prefix(64))))</text>"
            body +=
                "<rect x=\"\(r(labelWidth + start * scale))\" y=\"\(r(y))\" width=\"\(r(max(line.durationMs * scale, 1)))\" height=\"14\" fill=\"\(colors[line.component])\"><title>\(escape(line.name)) [\(escape(line.service))]: \(fixed(line.durationMs)) ms</title></rect>"
            body +=
                "<text x=\"\(r(labelWidth + (start + line.durationMs) * scale + 4))\" y=\"\(r(y + 11))\" class=\"small\">\(fixed(line.durationMs, 2)) ms</text>"
        }
        let height = 12 + Double(lines.count) * rowHeight
        return SVGChart(width: width, height: height).svg(body) + legend(components.map { ($0, colors[$0]) })
    }
}
