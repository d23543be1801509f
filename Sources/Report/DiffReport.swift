import Comparison
import Foundation
import Results

/// `traceload diff` as Markdown for a pull-request comment: the settings the two runs differ in,
/// then every figure with its change, the noise it is measured against and its verdict; what
/// got worse beyond both the tolerance and the noise is flagged, a figure from too few samples
/// is shown but never flagged.
package enum DiffReport {
    /// What `traceload diff` prints, and the labels of the figures that got worse by more than
    /// `limit` percent beyond their noise (and, for times, `floorMs`): what `--fail-on-regression`
    /// fails on. Refuses runs that measured different things.
    package static func render(
        base: RunRecord, new: RunRecord, baseName: String, newName: String, tolerance: Double, floorMs: Double,
        limit: Double?
    ) throws -> (markdown: String, regressions: [String]) {
        let diff = try RunDiff.compare(base: base, new: new)
        let worse = limit.map { limit in
            diff.figures.filter { $0.isRegression(limit: limit, floorMs: floorMs) }.map(\.label)
        }
        return (
            markdown(diff, baseName: baseName, newName: newName, tolerance: tolerance, floorMs: floorMs), worse ?? []
        )
    }

    package static func markdown(
        _ diff: RunDiff, baseName: String, newName: String, tolerance: Double, floorMs: Double
    ) -> String {
        var out = "### traceload: \(newName) against \(baseName)\n\n"
        if diff.settings.isEmpty {
            out += "The two runs have the same settings.\n\n"
        } else {
            out += "The runs differ in \(diff.settings.count) setting\(diff.settings.count == 1 ? "" : "s"):\n\n"
            out += "| setting | base | new |\n|---|---|---|\n"
            for setting in diff.settings.prefix(40) {
                out += "| \(markdownCell(setting.key)) | \(markdownCell(setting.base)) | \(markdownCell(setting.new)) |\n"
            }
            if diff.settings.count > 40 { out += "| … \(diff.settings.count - 40) more | | |\n" }
            out += "\n"
        }
        let flagged = diff.figures.filter { $0.isRegression(limit: tolerance, floorMs: floorMs) }
        let floor = floorMs > 0 ? " (and \(fixed(floorMs, 2)) ms)" : ""
        out +=
            flagged.isEmpty
            ? "No figure got worse by more than \(fixed(tolerance, 0))%\(floor) beyond its noise.\n\n"
            : "**\(flagged.count) figure\(flagged.count == 1 ? "" : "s") got worse by more than \(fixed(tolerance, 0))%\(floor) beyond the noise.**\n\n"
        out +=
            "Noise: the 95% interval of the difference, from each run's rounds where both have them, else from within each run (the spread between stretches of its seconds, and the uncertainty of a percentile from its number of requests).\n\n"
        out += "| phase | operation | metric | base | new | change | noise | verdict | |\n|---|---|---|--:|--:|--:|--:|---|---|\n"
        for figure in diff.figures where figure.component == nil {
            out += line(figure, tolerance: tolerance, floorMs: floorMs)
        }
        let components = diff.figures.filter { $0.component != nil }
        if !components.isEmpty {
            out += "\nPer component (ms):\n\n| phase | operation | metric | base | new | change | noise | verdict | |\n|---|---|---|--:|--:|--:|--:|---|---|\n"
            for figure in components { out += line(figure, tolerance: tolerance, floorMs: floorMs) }
        }
        return out
    }

    static func line(_ figure: DiffFigure, tolerance: Double, floorMs: Double) -> String {
        let change = figure.change.map { ($0 >= 0 ? "+" : "") + fixed($0, 1) + "%" } ?? "—"
        let noise = figure.noiseChange.map { "±" + fixed($0, 1) + "%" } ?? "no estimate"
        let verdict = figure.sparse != nil ? "sparse" : figure.verdict.rawValue
        let flag: String
        if figure.isRegression(limit: tolerance, floorMs: floorMs) {
            flag = "⚠️ worse"
        } else if let sparse = figure.sparse {
            flag = "not gated: \(sparse)"
        } else if figure.isBeyondNoise && figure.worsening < -tolerance {
            flag = "better"
        } else {
            flag = ""
        }
        let metric = (figure.component.map { "\($0) " } ?? "") + figure.metric.rawValue
        return
            "| \(markdownCell(figure.phase)) | \(markdownCell(figure.operation)) | \(markdownCell(metric)) | \(fixed(figure.base)) | \(fixed(figure.new)) | \(change) | \(noise) | \(verdict) | \(markdownCell(flag)) |\n"
    }
}
