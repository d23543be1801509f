import ArgumentParser
import Foundation
import Report
import Results

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Re-render every report file of a run from its run.json.",
        discussion:
            "Writes summary.md, latency.csv, timeline.csv, components.csv and junit.xml again; exits 4 if a threshold is crossed."
    )

    @Argument(help: "A run directory (or its run.json).")
    var runPath: String

    @Option(name: .long, help: "Write to this directory instead of the run's own.")
    var out: String?

    func run() throws {
        let record = try loadRun(runPath)
        let directory = out ?? runDirectory(of: runPath)
        let crossed = try RunReport.write(record, to: ReportWriter(directory: directory)).filter { !$0.passed }
        print("report: \(directory)")
        if !crossed.isEmpty {
            reportCrossed(crossed, junit: directory + "/junit.xml")
            throw ExitCode(ExitCodes.thresholdsCrossed)
        }
    }
}
