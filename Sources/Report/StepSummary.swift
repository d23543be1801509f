import Foundation
import Results

/// What `traceload run --summary-out FILE` (by default GitHub's `$GITHUB_STEP_SUMMARY`) appends:
/// the run's headline (failed or partial, the thresholds' outcome, the latency of every phase and
/// operation) and its findings, and where the whole report is. Appended, never replaced: a CI
/// job's summary file collects what each of its steps adds.
package struct StepSummary: Sendable {
    package let path: String

    /// Opens `path` for appending once (creating it), so that a path that cannot be written is
    /// found before the run rather than after it.
    package init(path: String) throws {
        self.path = path
        try append("")
    }

    package func append(_ text: String) throws {
        // O_APPEND: each write lands at the end even when another step's process appends too.
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ReportError.io("cannot append to the summary file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw ReportError.io("cannot append to the summary file \(path): \(String(cString: strerror(errno)))")
            }
            bytes = bytes.dropFirst(written)
        }
    }

    /// `findings`: the Findings section as summary.md has it; `report`: the report's directory.
    package static func render(
        _ run: RunRecord, rows: [LatencyRow], outcomes: [ThresholdReport.Outcome], findings: String, report: String
    ) -> String {
        var out = "## traceload: \(run.scenario.name)\n\n"
        if let failure = run.failure { out += "**Run failed: \(markdownCell(failure)).**\n\n" }
        if let partial = run.partial { out += "> **Partial run** — stopped early: \(partial).\n\n" }
        if let lead = ThresholdReport.lead(outcomes) {
            out += lead + "\n\n"
        } else if !outcomes.isEmpty {
            out += ThresholdReport.allHold(outcomes.count) + ".\n\n"
        }
        out += SummaryMarkdown.latencyTable(rows) + "\n"
        // One level down: the job summary's headings are the steps'.
        out += (findings.hasPrefix("## ") ? "#" + findings : findings) + "\n"
        out += "The whole report: `\(report)` (summary.md, report.html\(outcomes.isEmpty ? "" : ", junit.xml")).\n\n"
        return out
    }
}
