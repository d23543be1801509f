import ArgumentParser
import Foundation
import Report
import Results

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare a run with one or several base runs: the change in every percentile and in throughput.",
        discussion: """
            traceload diff BASE... NEW: the last run is the new one; a base may be a run (directory or run.json) \
            or a folder of run directories (CI's last runs of main). With two or more base runs, each figure is \
            judged against the base runs' mean with a 95% prediction interval from its spread between them \
            (t with K - 1 degrees of freedom, times s * sqrt(1 + 1/K)); the gate is the headline figures \
            (throughput, p50, p99, recall per operation), one family at 5% (Bonferroni). With one base run the \
            noise between runs is unknown: --between-run-noise 8% gates on that allowance combined with each \
            figure's noise within the runs, and without it nothing is gated (exit 0, the reason on the first \
            line). With --fail-on-regression, exits 5 when a gated figure got worse by more than that, beyond \
            its bound and, for times, --noise-floor. Runs of different scenarios are compared, their settings \
            listed; runs with no phase and operation in common are refused (exit 2). --format json prints the \
            same diff as JSON: every figure with its change, its noise, its verdict and its gate.
            """
    )

    @Argument(help: "Base runs (directories, run.json files, or folders of run directories), then the new run.")
    var runs: [String]

    @Option(
        name: .long, help: "Flag changes larger than this, in percent (default 5%).",
        transform: OptionParsers.percent("--tolerance", allowsZero: true))
    var tolerance: Double = 5

    @Option(
        name: .long, help: "Exit 5 if a gated figure got worse by more than this, e.g. 10%.",
        transform: OptionParsers.percent("--fail-on-regression", allowsZero: true))
    var failOnRegression: Double?

    @Option(
        name: .long,
        help: "With one base run: how much a figure moves between runs on its own (a 95% half-width, e.g. 8%).",
        transform: OptionParsers.percent("--between-run-noise", allowsZero: true))
    var betweenRunNoise: Double?

    @Option(
        name: .long, help: "Changes of a time smaller than this are noise, however large in percent (default 0.1ms).",
        transform: OptionParsers.milliseconds("--noise-floor"))
    var noiseFloor: Double = 0.1

    @Option(
        name: .long, help: "markdown (for a pull request's comment) or json (for a program).",
        transform: OptionParsers.choice("--format", DiffReport.Format.self))
    var format: DiffReport.Format = .markdown

    func run() throws {
        guard runs.count >= 2 else {
            printError("traceload: diff needs a base run and a new run: traceload diff BASE... NEW")
            throw ExitCode(ExitCodes.badInput)
        }
        let newPath = runs[runs.count - 1]
        let basePaths = runs.dropLast().flatMap(Self.expand)
        guard Self.expand(newPath) == [newPath] else {
            printError("traceload: the new run (the last argument) must be one run, not a folder of runs: \(newPath)")
            throw ExitCode(ExitCodes.badInput)
        }
        let rendered: (text: String, regressions: [String], ungated: String?)
        do {
            rendered = try DiffReport.render(
                bases: basePaths.map(loadRun), new: loadRun(newPath), baseNames: basePaths, newName: newPath,
                tolerance: tolerance, floorMs: noiseFloor, limit: failOnRegression, allowance: betweenRunNoise,
                format: format)
        } catch let error as ResultsError {
            printError("traceload: \(error)")
            throw ExitCode(ExitCodes.badInput)
        }
        print(rendered.text, terminator: "")
        if failOnRegression != nil, let reason = rendered.ungated {
            printError("traceload: --fail-on-regression not applied. \(reason)")
            return
        }
        let worse = rendered.regressions
        if let limit = failOnRegression, !worse.isEmpty {
            printError(
                "traceload: \(worse.count) gated figure\(worse.count == 1 ? "" : "s") got worse by more than \(fixed(limit, 1))% beyond their noise: "
                    + worse.joined(separator: ", "))
            throw ExitCode(ExitCodes.regression)
        }
    }

    /// A run (a directory holding run.json, or the file), or a folder of run directories: its
    /// subfolders that hold a run.json, in name order.
    static func expand(_ path: String) -> [String] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
            !manager.fileExists(atPath: path + "/run.json"),
            let children = try? manager.contentsOfDirectory(atPath: path)
        else { return [path] }
        let runs = children.sorted().map { path + "/" + $0 }.filter { manager.fileExists(atPath: $0 + "/run.json") }
        return runs.isEmpty ? [path] : runs
    }
}
