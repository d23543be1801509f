import Foundation

/// Minimal inline-SVG line and bar charts: axes with ticks and labels, no scripts, no network.
struct SVGChart {
    static let palette = [
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22",
    ]

    let width: Double
    let height: Double
    let margin = (left: 64.0, right: 16.0, top: 16.0, bottom: 44.0)

    var plotWidth: Double { width - margin.left - margin.right }
    var plotHeight: Double { height - margin.top - margin.bottom }

    func x(_ value: Double, _ range: ClosedRange<Double>) -> Double {
        margin.left
            + (range.upperBound == range.lowerBound
                ? 0 : (value - range.lowerBound) / (range.upperBound - range.lowerBound)) * plotWidth
    }

    func y(_ value: Double, _ range: ClosedRange<Double>) -> Double {
        margin.top + plotHeight
            - (range.upperBound == range.lowerBound
                ? 0 : (value - range.lowerBound) / (range.upperBound - range.lowerBound)) * plotHeight
    }

    /// Axes, grid lines and labels. `xTicks`/`yTicks` are (value, label) pairs.
    func frame(
        xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, xTicks: [(Double, String)],
        yTicks: [(Double, String)],
        xLabel: String, yLabel: String
    ) -> String {
        var out =
            "<rect x=\"\(margin.left)\" y=\"\(margin.top)\" width=\"\(plotWidth)\" height=\"\(plotHeight)\" class=\"plot\"/>"
        for (value, label) in yTicks {
            let py = y(value, yRange)
            out +=
                "<line x1=\"\(margin.left)\" x2=\"\(margin.left + plotWidth)\" y1=\"\(r(py))\" y2=\"\(r(py))\" class=\"grid\"/>"
            out +=
                "<text x=\"\(margin.left - 6)\" y=\"\(r(py + 4))\" class=\"tick\" text-anchor=\"end\">\(escape(label))</text>"
        }
        for (value, label) in xTicks {
            let px = x(value, xRange)
            out +=
                "<line x1=\"\(r(px))\" x2=\"\(r(px))\" y1=\"\(margin.top)\" y2=\"\(margin.top + plotHeight)\" class=\"grid\"/>"
            out +=
                "<text x=\"\(r(px))\" y=\"\(r(margin.top + plotHeight + 16))\" class=\"tick\" text-anchor=\"middle\">\(escape(label))</text>"
        }
        out +=
            "<text x=\"\(r(margin.left + plotWidth / 2))\" y=\"\(r(height - 6))\" class=\"axis\" text-anchor=\"middle\">\(escape(xLabel))</text>"
        out +=
            "<text transform=\"translate(14 \(r(margin.top + plotHeight / 2))) rotate(-90)\" class=\"axis\" text-anchor=\"middle\">\(escape(yLabel))</text>"
        return out
    }

    func polyline(_ points: [(Double, Double)], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, color: String)
        -> String
    {
        let coordinates = points.map { "\(r(x($0.0, xRange))),\(r(y($0.1, yRange)))" }.joined(separator: " ")
        return "<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>"
    }

    func svg(_ body: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\(body)</svg>"
    }

    /// "Nice" tick values covering 0…max.
    static func ticks(upTo max: Double, count: Int = 5) -> [Double] {
        guard max > 0 else { return [0, 1] }
        let raw = max / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        return stride(from: 0, through: max + step * 0.999, by: step).map { $0 }
    }
}

func r(_ value: Double) -> String { String(format: "%.1f", value) }

func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
        of: ">", with: "&gt;")
}

func formatTick(_ value: Double) -> String {
    value >= 100 || value == value.rounded()
        ? String(Int(value.rounded())) : (value >= 1 ? String(format: "%.1f", value) : String(format: "%.2f", value))
}
