import ArgumentParser
import Foundation
import Report
import Results

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two runs: the change in every percentile and in throughput, per operation and component.",
        discussion: """
            Prints Markdown suited to a pull-request comment: the settings in which the runs differ, then every \
            figure with its change and the noise it is measured against (from the runs' rounds with run \
            --repeat, else from within each run). A figure counts as worse when it changed by more than the \
            percentage, beyond its noise, and for times by more than --noise-floor; a figure from too few \
            samples is shown but never counted. With --fail-on-regression, exits 5 when a figure got worse by \
            more than that. Runs that measured different things (no phase and operation in common) are \
            refused (exit 2).
            """
    )

    @Argument(help: "The baseline run (directory or run.json).")
    var base: String

    @Argument(help: "The run to compare with it.")
    var new: String

    @Option(name: .long, help: "Flag changes larger than this, in percent (default 5%).")
    var tolerance: String = "5%"

    @Option(name: .long, help: "Exit 5 if a metric got worse by more than this, e.g. 10%.")
    var failOnRegression: String?

    @Option(
        name: .long, help: "Changes of a time smaller than this are noise, however large in percent (default 0.1ms).")
    var noiseFloor: String = "0.1ms"

    func percent(_ text: String, _ option: String) throws -> Double {
        let trimmed = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let value = Double(trimmed), value >= 0 else {
            throw ValidationError("\(option) expects a percentage such as 10%, got '\(text)'")
        }
        return value
    }

    func milliseconds(_ text: String) throws -> Double {
        let trimmed = text.hasSuffix("ms") ? String(text.dropLast(2)) : text
        guard let value = Double(trimmed), value >= 0 else {
            throw ValidationError("--noise-floor expects milliseconds such as 0.1ms, got '\(text)'")
        }
        return value
    }

    func run() throws {
        let tolerance = try percent(tolerance, "--tolerance")
        let limit = try failOnRegression.map { try percent($0, "--fail-on-regression") }
        let floor = try milliseconds(noiseFloor)
        let diff: DiffReport.Diff
        do {
            diff = try DiffReport.diff(base: loadRun(base), new: loadRun(new))
        } catch let error as ResultsError {
            printError("traceload: \(error)")
            throw ExitCode(ExitCodes.badInput)
        }
        print(DiffReport.markdown(diff, baseName: base, newName: new, tolerance: tolerance, floorMs: floor), terminator: "")
        if let limit {
            let worse = diff.figures.filter { $0.isRegression(limit: limit, floorMs: floor) }
            if !worse.isEmpty {
                printError(
                    "traceload: \(worse.count) figure\(worse.count == 1 ? "" : "s") got worse by more than \(fixed(limit, 1))% beyond their noise: "
                        + worse.map { $0.label }.joined(separator: ", "))
                throw ExitCode(ExitCodes.regression)
            }
        }
    }
}
