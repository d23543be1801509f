import ArgumentParser
import Foundation
import Overhead
import Scenario

struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Measure what tracing costs: the scenario once per sample-fraction setting, interleaved.",
        discussion: """
            Settings: tracing off on both sides (the baseline: no trace context, Milvus's noop exporter), \
            one per client fraction (traceparent sampled at that fraction, Milvus exporting and following \
            the client's decision) and one per server-only fraction. Every setting runs in each of --repeat \
            rounds (A B C, A B C, ...) on a freshly started embedded Milvus, or after the scenario's \
            compare.restart command for an external one. Writes overhead.md, overhead.csv, runs.jsonl and \
            each run's report under runs/. Defaults come from the scenario's compare section.
            """
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var set: OverrideOptions

    @Option(help: "Client sample fractions, comma-separated (e.g. 0,0.01,0.1,1).")
    var fractions: String?

    @Option(help: "Server-only sample fractions, comma-separated (the client sends no trace context).")
    var serverFractions: String?

    @Option(name: .customLong("repeat"), help: "Rounds of every setting.")
    var repeats: Int?

    @Flag(help: "Leave the server's tracing alone; sweep the client side only.")
    var clientOnly = false

    @Option(help: "Directory for the comparison (default: reports/<scenario>-compare-<UTC time>).")
    var out: String?

    @Option(help: "Where the embedded Milvus servers keep their data (default: temporary, removed afterwards).")
    var milvusDir: String?

    func validate() throws {
        _ = try fractions.map { try Self.parseFractions($0, option: "--fractions") }
        _ = try serverFractions.map { try Self.parseFractions($0, option: "--server-fractions") }
        if let repeats, !(1...100).contains(repeats) {
            throw ValidationError("--repeat: expected a whole number from 1 to 100, found \(repeats)")
        }
        if clientOnly && serverFractions != nil {
            throw ValidationError("--server-fractions cannot be combined with --client-only")
        }
    }

    static func parseFractions(_ text: String, option: String) throws -> [Double] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        return try parts.map { part in
            guard let value = Double(part), (0...1).contains(value) else {
                throw ValidationError(
                    "\(option): expected sample fractions from 0 to 1 separated by commas (e.g. 0,0.1,1), found '\(part)'"
                )
            }
            return value
        }
    }

    func run() async throws {
        var loaded: Scenario
        do {
            loaded = try ScenarioLoader.load(path: scenario, overrides: try set.overrides)
        } catch let error as ScenarioError {
            printError(error.description)
            throw ExitCode(ExitCodes.badInput)
        }
        if let fractions { loaded.compare.fractions = try Self.parseFractions(fractions, option: "--fractions") }
        if let serverFractions {
            loaded.compare.serverFractions = try Self.parseFractions(serverFractions, option: "--server-fractions")
        }
        if let repeats { loaded.compare.repeats = repeats }
        if clientOnly {
            loaded.compare.clientOnly = true
            loaded.compare.serverFractions = []
        }
        if case .external = loaded.milvus, loaded.compare.restartCommand == nil, !loaded.compare.clientOnly {
            printError(
                """
                \(scenario): an external Milvus must be restarted to change its tracing: add compare.restart \
                (a command with {exporter} and {fraction}) to the scenario, or pass --client-only
                """)
            throw ExitCode(ExitCodes.badInput)
        }

        let settings = ComparePlan.settings(
            clientFractions: loaded.compare.fractions, serverFractions: loaded.compare.serverFractions,
            serverFollowing: loaded.tracing.serverSampleFraction, clientOnly: loaded.compare.clientOnly
        )
        let directory = out ?? defaultReportDirectory(for: "\(loaded.name)-compare")
        log(
            "comparing \(settings.map(\.name).joined(separator: ", ")) × \(loaded.compare.repeats) rounds into \(directory)"
        )
        let session = CompareSession(
            scenario: loaded, settings: settings, repeats: loaded.compare.repeats, directory: directory,
            milvusDirectory: milvusDir)
        switch await session.execute() {
        case .completed(let report):
            for summary in report.summaries { print(summary.verdict) }
            print("overhead report: \(directory)/overhead.md")
        case .partial(let report, let reason):
            for summary in report?.summaries ?? [] { print(summary.verdict) }
            print("overhead report (partial, \(reason)): \(directory)/overhead.md")
            throw ExitCode(ExitCodes.interrupted)
        case .failed(let message):
            printError("traceload: \(message)")
            if FileManager.default.fileExists(atPath: directory + "/overhead.md") {
                print("overhead report (partial): \(directory)/overhead.md")
            }
            throw ExitCode(ExitCodes.runFailed)
        }
    }
}
