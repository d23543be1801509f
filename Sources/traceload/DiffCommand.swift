import ArgumentParser
import Foundation
import Report

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two runs: the change in every percentile and in throughput, per operation and component.",
        discussion: "Prints Markdown suited to a pull-request comment. With --fail-on-regression, exits 5 when a metric got worse by more than that."
    )

    @Argument(help: "The baseline run (directory or run.json).")
    var base: String

    @Argument(help: "The run to compare with it.")
    var new: String

    @Option(name: .long, help: "Flag changes larger than this, in percent (default 5%).")
    var tolerance: String = "5%"

    @Option(name: .long, help: "Exit 5 if a metric got worse by more than this, e.g. 10%.")
    var failOnRegression: String?

    func percent(_ text: String, _ option: String) throws -> Double {
        let trimmed = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let value = Double(trimmed), value >= 0 else { throw ValidationError("\(option) expects a percentage such as 10%, got '\(text)'") }
        return value
    }

    func run() throws {
        let tolerance = try percent(tolerance, "--tolerance")
        let limit = try failOnRegression.map { try percent($0, "--fail-on-regression") }
        let rows = try RunDiff.compare(base: loadRun(base), new: loadRun(new))
        print(RunDiff.markdown(rows, baseName: base, newName: new, tolerance: tolerance), terminator: "")
        if let limit {
            let worse = rows.filter { $0.regressionPercent > limit }
            if !worse.isEmpty {
                printError("traceload: \(worse.count) metrics regressed by more than \(limit)%: " +
                           worse.prefix(5).map { "\($0.phase)/\($0.operation)\($0.component.map { "/\($0)" } ?? "") \($0.metric)" }.joined(separator: ", "))
                throw ExitCode(ExitCodes.regression)
            }
        }
    }
}
