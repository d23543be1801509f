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
        "variant,figure,rounds,change,low,high,unit,confidence,verdict,baseline,value,headline,sparse,change_ms,half_width_ms"

    /// One row per variant and figure. `baseline` and `value` are the figure's means over the
    /// paired rounds (six decimals: a reader recomputing the change from a 0.5 ms mean needs
    /// them), and `change` is theirs: `100·(value/baseline − 1)` when `unit` is `%`, else
    /// `value − baseline` in the unit named; `low` and `high` are the interval's ends at
    /// `confidence` (a ratio's interval is not symmetric).
    package static func csv(_ summary: ComparisonSummary) -> String {
        var out = csvHeader + "\n"
        for variant in summary.variants where variant.name != summary.baseline {
            for change in variant.changes {
                out +=
                    [
                        csvField(variant.name), change.key.rawValue, String(change.rounds), fixed(change.change, 4),
                        change.low.map { fixed($0, 4) } ?? "", change.high.map { fixed($0, 4) } ?? "",
                        change.relative ? "%" : csvField(change.figure.unit), fixed(change.confidence, 4),
                        change.verdict.rawValue, fixed(change.baseline, 6), fixed(change.value, 6),
                        change.headline ? "yes" : "", csvField(change.sparse ?? ""),
                        change.milliseconds.map { fixed($0, 4) } ?? "",
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
                out += "- \(change.figure.label): \(change.words)\n"
            }
            let moved = variant.changes.filter { !$0.headline && $0.verdict == .changes }
            if !moved.isEmpty {
                out +=
                    "- also changes (exploratory): "
                    + moved.map { "\($0.figure.label) \($0.estimate)\($0.inMilliseconds)" }.joined(separator: ", ") + "\n"
            }
            out += "\n"
        }
        out += floorSection(summary)
        if let aa = summary.aa, let floor = summary.noiseFloor {
            let aaVariant = summary.variants.first { $0.name == aa }
            let calledChanges = aaVariant?.changes.filter { $0.verdict == .changes } ?? []
            let called = calledChanges.filter(\.headline).map(\.figure.label)
            let exploratory = calledChanges.filter { !$0.headline }.map(\.figure.label)
            let exploratoryCount = aaVariant?.changes.filter { !$0.headline && $0.sparse == nil }.count ?? 0
            out += "## The machine's noise (A/A)\n\n"
            out +=
                "The baseline against itself: its widest headline interval is ±\(fixed(floor, 1))% after \(aaVariant?.rounds ?? 0) rounds"
            out +=
                floor > summary.precision
                ? " — above the ±\(fixed(summary.precision, 1))% asked for: on this machine, at this many rounds, changes smaller than that cannot be told from noise.\n"
                : ", within the ±\(fixed(summary.precision, 1))% asked for.\n"
            out +=
                called.isEmpty
                ? "No headline of the A/A variant reads *changes*"
                : "The A/A variant's headlines read *changes* for \(called.joined(separator: ", ")): the headline family does so by chance in at most one comparison in 20, so this is more likely drift the rounds do not capture"
            out +=
                exploratory.isEmpty
                ? "; nor does any of its \(exploratoryCount) other figures.\n\n"
                : String(
                    format: "; of its %d other figures (exploratory, 95%% each: about %.1f would by chance), %@ %@.\n\n",
                    exploratoryCount, Double(exploratoryCount) * 0.05, exploratory.joined(separator: ", "), exploratory.count == 1 ? "does" : "do")
        }
        out += "## Every figure\n\n"
        out +=
            "Each figure's means over the paired rounds, and their change against \(summary.baseline) with its interval (95%; the headlines' wider, see below); figures told in their own unit say so.\n\n"
        out += "| variant | figure | \(summary.baseline) | variant | change | verdict | rounds | note |\n|---|---|--:|--:|--:|---|--:|---|\n"
        for variant in others {
            for change in variant.changes {
                let figure = change.figure
                out +=
                    "| \(markdownCell(variant.name)) | \(figure.label)\(change.headline ? " (headline)" : "") | \(fixed(change.baseline)) | \(fixed(change.value)) | \(change.estimate)\(change.inMilliseconds) | \(change.verdict.rawValue) | \(change.rounds) | \(markdownCell(change.sparse.map { "sparse: " + $0 } ?? "")) |\n"
            }
        }
        out += "\n## How it was measured\n\n"
        let family = summary.family
        let exploratory = others.flatMap(\.changes).filter { !$0.headline && $0.sparse == nil }.count
        out +=
            "- Each round runs one block per variant, in an order drawn at random and balanced over rounds; round 0 warms up and is not counted. A variant's block is paired with the baseline's block of the same round. A figure's change is that of its means over the paired rounds: in percent, the ratio of the means with Fieller's interval (Student's t over the rounds; the pairs' covariance takes out the drift both sides share); in its own unit, the mean of the paired differences with its t interval.\n"
        out += String(
            format:
                "- The headlines (%d across the variants) are one family: each interval is at %.2f%% (Bonferroni), so that together they hold at 95%%, and a headline reads *changes* by chance in at most one comparison in 20. The other figures are exploratory, each at 95%%: of these %d, about %.1f would read *changes* by chance.\n",
            family.size, 100 * family.confidence, exploratory, Double(exploratory) * 0.05)
        out +=
            "- *changes*: the interval lies clear of zero. *no-change*: it lies inside the margin (±\(fixed(summary.precision, 1))% for relative figures). *cannot-tell*: neither yet, with the rounds that would narrow it to the target. A sparse figure (a percentile from too few requests per block) is printed, and never reads *changes*, never enters the A/A verdict, never holds up the stop rule.\n"
        out +=
            "- Client CPU is traceload's own (getrusage) over a block, its span export flushed before the block's end is read; *beyond idle*, less traceload's CPU when idle (measured in the half second after every block, pooled) over the same time: what the requests cost, not the timers that tick whatever the load. Server CPU is the Milvus process's (/proc for the embedded one, `process_cpu_seconds_total` otherwise), and the embedded one's *beyond idle* the same way as the client's; spans are received by a separate process and counted by when they started.\n"
        for note in summary.notes { out += "- \(note)\n" }
        return out
    }

    /// The headlines whose interval did not reach the precision asked for, widest first, each with
    /// what holds it there: how much the baseline's own blocks vary round to round, and how much
    /// of that the pairing leaves.
    static func floorSection(_ summary: ComparisonSummary) -> String {
        let open = summary.variants.filter { $0.name != summary.baseline }.flatMap { variant in
            variant.changes.filter { $0.headline && ($0.halfWidth ?? .infinity) > summary.precision }.map { (variant.name, $0) }
        }.sorted { ($0.1.halfWidth ?? .infinity) > ($1.1.halfWidth ?? .infinity) }
        guard !open.isEmpty else { return "" }
        var out = "## The floor it reached\n\n"
        out += "Headlines whose interval is wider than the ±\(fixed(summary.precision, 1))% asked for, widest first:\n\n"
        for (name, change) in open {
            let unit = change.relative ? "%" : " \(change.figure.unit)"
            let width = change.halfWidth.map { "±" + fixed($0, 1) + unit } ?? "no interval"
            out += "- \(markdownCell(name)): \(change.figure.label) \(width) after \(change.rounds) rounds"
            if let own = change.baselineSpread, let paired = change.pairedSpread {
                out += "; the baseline's own blocks vary \(fixed(own, 1))\(unit) round to round, the paired changes \(fixed(paired, 1))\(unit)"
                out += paired < own ? " (pairing takes out what the blocks of a round share; the rest is each block's own noise)" : " (the blocks of a round share little: the noise is each block's own)"
            }
            out += change.moreRounds.map { "; about \($0) more rounds for ±\(fixed(change.target, 1))\(unit)" } ?? ""
            out += ".\n"
        }
        return out + "\n"
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
