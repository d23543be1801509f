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

    @Option(
        name: .long, help: "Flag changes larger than this, in percent (default 5%).",
        transform: OptionParsers.percent("--tolerance", allowsZero: true))
    var tolerance: Double = 5

    @Option(
        name: .long, help: "Exit 5 if a metric got worse by more than this, e.g. 10%.",
        transform: OptionParsers.percent("--fail-on-regression", allowsZero: true))
    var failOnRegression: Double?

    @Option(
        name: .long, help: "Changes of a time smaller than this are noise, however large in percent (default 0.1ms).",
        transform: OptionParsers.milliseconds("--noise-floor"))
    var noiseFloor: Double = 0.1

    func run() throws {
        let rendered: (markdown: String, regressions: [String])
        do {
            rendered = try DiffReport.render(
                base: loadRun(base), new: loadRun(new), baseName: base, newName: new, tolerance: tolerance,
                floorMs: noiseFloor, limit: failOnRegression)
        } catch let error as ResultsError {
            printError("traceload: \(error)")
            throw ExitCode(ExitCodes.badInput)
        }
        print(rendered.markdown, terminator: "")
        let worse = rendered.regressions
        if let limit = failOnRegression, !worse.isEmpty {
            printError(
                "traceload: \(worse.count) figure\(worse.count == 1 ? "" : "s") got worse by more than \(fixed(limit, 1))% beyond their noise: "
                    + worse.joined(separator: ", "))
            throw ExitCode(ExitCodes.regression)
        }
    }
}
