import Foundation
import Results
import TestFixtures
import Testing

@testable import Report

/// `run --summary-out FILE` (or $GITHUB_STEP_SUMMARY): the run's headline and findings appended to
/// what the file already holds, as a CI job's summary collects its steps'.
@Suite struct StepSummaryTests {
    static func temporaryFile() -> String {
        NSTemporaryDirectory() + "traceload-summary-\(UUID().uuidString)/summary.md"
    }

    @Test func appendsTheHeadlineAndTheFindingsAfterWhatIsThere() throws {
        let directory = NSTemporaryDirectory() + "traceload-step-\(UUID().uuidString)"
        let path = directory + "/step-summary.md"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let earlier = "## An earlier step\n\nIts lines.\n"
        try earlier.write(toFile: path, atomically: true, encoding: .utf8)
        // 100 searches of 1 … 100 ms over 10 s: p50 50 ms, p99 99 ms, 10 per second; p50 < 10 crossed.
        let record = try SampleRuns.run((1...100).map(Double.init), thresholds: ["search.p50_ms": "< 10"])
        let report = directory + "/report"
        try RunReport.write(record, to: try ReportWriter(directory: report), summary: try StepSummary(path: path))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix(earlier), "what the file held is kept")
        let added = String(text.dropFirst(earlier.count))
        #expect(added.hasPrefix("## traceload: t\n"))
        // 50 ms as the HDR histogram keeps it (to 0.1%): 50.0x.
        #expect(added.contains("**1 threshold crossed:** `search.p50_ms` 50.0") && added.contains(" (< 10)"), "\(added)")
        let row = try #require(added.split(separator: "\n").first { $0.hasPrefix("| p | search |") })
        let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(cells[2] == "100" && cells[3] == "0" && cells[4] == "10.0", "\(row)")
        #expect(abs((Double(cells[5]) ?? 0) - 50) < 0.1 && abs((Double(cells[7]) ?? 0) - 99) < 0.1, "\(row)")
        #expect(added.contains("### Findings"))
        #expect(added.contains("The whole report: `\(report)` (summary.md, report.html, junit.xml)."))
        // A second run appends again; nothing is lost.
        try RunReport.write(record, to: try ReportWriter(directory: report), summary: try StepSummary(path: path))
        let twice = try String(contentsOfFile: path, encoding: .utf8)
        #expect(twice == text + added)
    }

    @Test func aSummaryFileThatCannotBeWrittenIsRefusedBeforeTheRun() throws {
        let missing = Self.temporaryFile()  // its directory does not exist
        #expect {
            try StepSummary(path: missing)
        } throws: { error in
            "\(error)".contains("cannot append to the summary file \(missing)")
        }
    }
}
