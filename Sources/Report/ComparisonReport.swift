import Comparison
import Foundation
import Results

/// A comparison's files: overhead.md (verdicts first, in plain words), overhead.csv (one row per
/// variant and figure), report.html (each figure's change and interval per variant), runs.jsonl
/// (every round's figures) and each variant's own run under runs/<variant>/.
package enum ComparisonReport {
    package static func write(_ summary: ComparisonSummary, runs: [(name: String, record: RunRecord)], to writer: ReportWriter)
        throws
    {
        try writer.write("overhead.md", markdown(summary))
        try writer.write("overhead.csv", csv(summary))
        try writer.write("report.html", html(summary))
        try writer.write("runs.jsonl", roundLines(runs))
        for (name, record) in runs {
            try RunReport.write(record, to: ReportWriter(directory: writer.path("runs/\(directoryName(name))")))
        }
    }

    static func directoryName(_ name: String) -> String {
        name == "A/A" ? "aa" : name.replacingOccurrences(of: "/", with: "-")
    }

    package static let csvHeader =
        "variant,figure,rounds,change_pct,half_width_pct,verdict,baseline,value,unit,headline,sparse,change_ms,half_width_ms"

    /// One row per variant and figure; for a figure told in its own unit (recall, error rate,
    /// spans) the change and half-width are in that unit, which `unit` names.
    package static func csv(_ summary: ComparisonSummary) -> String {
        var out = csvHeader + "\n"
        for variant in summary.variants where variant.name != summary.baseline {
            for change in variant.changes {
                let figure = change.figure
                out +=
                    [
                        csvField(variant.name), figure.key.rawValue, String(change.rounds), fixed(change.change, 4),
                        change.halfWidth.map { fixed($0, 4) } ?? "", change.verdict.rawValue,
                        fixed(change.baseline, 4), fixed(change.value, 4),
                        figure.relative ? "%" : csvField(figure.unit), change.headline ? "yes" : "",
                        csvField(change.sparse ?? ""), change.milliseconds.map { fixed($0, 4) } ?? "",
                        change.millisecondsHalfWidth.map { fixed($0, 4) } ?? "",
                    ].joined(separator: ",") + "\n"
            }
        }
        return out
    }

    package static func markdown(_ summary: ComparisonSummary) -> String {
        let others = summary.variants.filter { $0.name != summary.baseline }
        var out = summary.failure.map { "**Comparison failed: \(markdownCell($0)).** The rounds below finished before it.\n\n" } ?? ""
        out += "# traceload compare: \(summary.scenario)\n\n"
        out += "\(others.map(\.name).joined(separator: ", ")) against **\(summary.baseline)**, "
        out += "\(summary.variants.first?.rounds ?? 0) rounds. \(summary.stopReason.isEmpty ? "" : "Stopped: \(summary.stopReason).")\n\n"
        out += "## Verdicts\n\n"
        for variant in others {
            out += "**\(variant.name)**" + (variant.settings.isEmpty ? "" : " (\(variant.settings.joined(separator: ", ")))")
            out += variant.ownServer ? ", on a Milvus of its own:\n" : ":\n"
            for change in variant.changes where change.headline {
                out += "- \(change.figure.label): \(change.words)\(change.sparse.map { " — sparse: \($0)" } ?? "")\n"
            }
            let moved = variant.changes.filter { !$0.headline && $0.verdict == .changes }
            if !moved.isEmpty {
                out += "- also changes: " + moved.map { "\($0.figure.label) \(signed($0))" }.joined(separator: ", ") + "\n"
            }
            out += "\n"
        }
        if let aa = summary.aa, let floor = summary.noiseFloor {
            let aaVariant = summary.variants.first { $0.name == aa }
            let called = aaVariant?.changes.filter { $0.verdict == .changes }.map(\.figure.label) ?? []
            out += "## The machine's noise (A/A)\n\n"
            out +=
                "The baseline against itself: its widest headline interval is ±\(fixed(floor, 1))% after \(aaVariant?.rounds ?? 0) rounds"
            out +=
                floor > summary.precision
                ? " — above the ±\(fixed(summary.precision, 1))% asked for: on this machine, at this many rounds, changes smaller than that cannot be told from noise.\n"
                : ", within the ±\(fixed(summary.precision, 1))% asked for.\n"
            out +=
                called.isEmpty
                ? "No figure of the A/A variant reads *changes*.\n\n"
                : "The A/A variant reads *changes* for \(called.joined(separator: ", ")): with 95% intervals about one figure in 20 does by chance; more than that means drift the rounds do not capture.\n\n"
        }
        out += "## Every figure\n\n"
        out += "Change against \(summary.baseline), paired by round, with its 95% interval; figures told in their own unit say so.\n\n"
        out += "| variant | figure | \(summary.baseline) | variant | change | verdict | rounds | note |\n|---|---|--:|--:|--:|---|--:|---|\n"
        for variant in others {
            for change in variant.changes {
                let figure = change.figure
                out +=
                    "| \(markdownCell(variant.name)) | \(figure.label)\(change.headline ? " (headline)" : "") | \(fixed(change.baseline)) | \(fixed(change.value)) | \(signed(change)) | \(change.verdict.rawValue) | \(change.rounds) | \(markdownCell(change.sparse ?? "")) |\n"
            }
        }
        out += "\n## How it was measured\n\n"
        out +=
            "- Each round runs one block per variant, in an order drawn at random and balanced over rounds; round 0 warms up and is not counted. A variant's block is paired with the baseline's block of the same round, and the 95% interval is Student's t over the rounds' paired changes.\n"
        out +=
            "- *changes*: the interval lies clear of zero. *no-change*: it lies inside the margin (±\(fixed(summary.precision, 1))% for relative figures). *cannot-tell*: neither yet, with the rounds that would narrow it to the target.\n"
        out +=
            "- Client CPU is traceload's own (getrusage) over a block, its span export flushed before the block's end is read; *beyond idle*, less traceload's CPU when idle (measured in the half second after every block, pooled) over the same time: what the requests cost, not the timers that tick whatever the load. Server CPU is the Milvus process's (/proc for the embedded one, `process_cpu_seconds_total` otherwise); spans are received by a separate process and counted by when they started.\n"
        out +=
            "- About one figure in twenty reads *changes* by chance at 95%; a sparse figure (a percentile from few requests per block) is a guess.\n"
        for note in summary.notes { out += "- \(note)\n" }
        return out
    }

    static func signed(_ change: FigureChange) -> String {
        let unit = change.figure.relative ? "%" : ""
        let digits = change.figure.relative ? 1 : 4
        var text =
            String(format: "%+.\(digits)f", change.change) + unit
            + (change.halfWidth.map { " ± " + String(format: "%.\(digits)f", $0) + unit } ?? "")
        if let ms = change.milliseconds {
            text += String(format: " (%+.3f ms", ms) + (change.millisecondsHalfWidth.map { String(format: " ± %.3f", $0) } ?? "") + ")"
        }
        return text
    }

    /// Every round's figures, one JSON object a line: variant, round, position, values, samples.
    static func roundLines(_ runs: [(name: String, record: RunRecord)]) throws -> String {
        struct Line: Encodable {
            var variant: String
            var round: RoundRecord
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var out = ""
        for (name, record) in runs {
            for round in record.rounds ?? [] {
                out += String(decoding: try encoder.encode(Line(variant: name, round: round)), as: UTF8.self) + "\n"
            }
        }
        return out
    }
}
