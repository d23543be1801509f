import Comparison
import Foundation

extension ComparisonReport {
    /// report.html of a comparison: per figure, each variant's change as a point with its 95%
    /// interval as a bar, zero and the no-change margin marked.
    static func html(_ summary: ComparisonSummary) -> String {
        let others = summary.variants.filter { $0.name != summary.baseline }
        var body = summary.failure.map { "<p class=\"warn\"><b>Comparison failed: \(escape($0)).</b> The rounds below finished before it.</p>" } ?? ""
        body += "<h1>traceload compare: \(escape(summary.scenario))</h1>"
        body +=
            "<p class=\"meta\">\(escape(others.map(\.name).joined(separator: ", "))) against \(escape(summary.baseline)) · \(summary.variants.first?.rounds ?? 0) rounds · \(escape(summary.stopReason))</p>"
        let keys = Figure.order(Set(others.flatMap { $0.changes.map(\.key) }))
        let colors = Dictionary(
            uniqueKeysWithValues: others.enumerated().map { ($1.name, SVGChart.palette[$0 % SVGChart.palette.count]) })
        body +=
            "<div class=\"legend\">"
            + others.map { "<span><i style=\"background:\(colors[$0.name]!)\"></i>\(escape($0.name))</span>" }.joined()
            + "</div>"
        for key in keys {
            let figure = Figure(key: key)
            let rows = others.compactMap { variant in variant.changes.first { $0.key == key }.map { (variant.name, $0) } }
            guard !rows.isEmpty else { continue }
            let unit = figure.relative ? "% change" : "change (\(figure.unit.isEmpty ? "absolute" : figure.unit))"
            body += "<h2>\(escape(figure.label))\(summary.headlines.contains(key) ? " (headline)" : "")</h2>"
            body += forest(rows, colors: colors, unit: unit)
            body +=
                "<p class=\"note\">"
                + rows.map { "\(escape($0.0)): \(escape($0.1.words))" }.joined(separator: "<br>") + "</p>"
        }
        return HTMLReport.page(title: "traceload compare: \(summary.scenario)", body: body)
    }

    /// One row per variant: the interval as a bar, the estimate as a dot, zero and ±margin as lines.
    static func forest(_ rows: [(String, FigureChange)], colors: [String: String], unit: String) -> String {
        let rowHeight = 26.0
        let chart = SVGChart(width: 1000, height: 60 + rowHeight * Double(rows.count))
        let extent = rows.flatMap { [abs($0.1.change), abs($0.1.low ?? 0), abs($0.1.high ?? 0)] }.max() ?? 1
        let margin = rows.first?.1.margin ?? 0
        let limit = max(extent, margin) * 1.15 + 1e-9
        let range = -limit...limit
        let ticks = [-limit, -limit / 2, 0, limit / 2, limit].map { ($0, formatTick($0)) }
        var out = chart.frame(
            xRange: range, yRange: 0...Double(rows.count), xTicks: ticks, yTicks: [], xLabel: unit, yLabel: "")
        let top = chart.y(Double(rows.count), 0...Double(rows.count))
        let bottom = chart.y(0, 0...Double(rows.count))
        out +=
            "<rect x=\"\(r(chart.x(-margin, range)))\" y=\"\(r(top))\" width=\"\(r(chart.x(margin, range) - chart.x(-margin, range)))\" height=\"\(r(bottom - top))\" fill=\"#2ca02c\" fill-opacity=\"0.08\"/>"
        out +=
            "<line x1=\"\(r(chart.x(0, range)))\" x2=\"\(r(chart.x(0, range)))\" y1=\"\(r(top))\" y2=\"\(r(bottom))\" stroke=\"#555\"/>"
        for (index, (name, change)) in rows.enumerated() {
            let y = chart.y(Double(rows.count - index) - 0.5, 0...Double(rows.count))
            let color = colors[name] ?? "#333"
            if let low = change.low, let high = change.high {
                out +=
                    "<line x1=\"\(r(chart.x(low, range)))\" x2=\"\(r(chart.x(high, range)))\" y1=\"\(r(y))\" y2=\"\(r(y))\" stroke=\"\(color)\" stroke-width=\"4\"/>"
            }
            out +=
                "<circle cx=\"\(r(chart.x(change.change, range)))\" cy=\"\(r(y))\" r=\"5\" fill=\"\(color)\"/>"
            out +=
                "<text x=\"\(r(chart.margin.left + 4))\" y=\"\(r(y - 7))\" class=\"small\">\(escape(name)): \(escape(change.verdict.rawValue))</text>"
        }
        return chart.svg(out)
    }
}
