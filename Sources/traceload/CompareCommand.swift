import ArgumentParser
import Engine
import Foundation
import Report
import Scenario

struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare variants of a scenario (any setting, or tracing's sample fractions) in many short paired rounds.",
        discussion: """
            Each variant is the scenario with some settings changed (--variant 'ef128: \
            phases.search.search.params.ef=128', repeatable, or the scenario's compare.variants); \
            --fractions and --server-fractions make the variants of a tracing sweep (off, client-F, server-F). \
            Variants that need the same Milvus share one, prepared once; the others get their own. Every round \
            runs one block (the measured phases scaled to --block) per variant in a random, balanced order; \
            each variant is paired with the baseline round by round, and every figure gets its change, a 95% \
            interval and a verdict: changes, no-change or cannot-tell. Rounds go on until the headline figures \
            (CPU per request on both sides, throughput or, at fixed rates, p50) reach --precision or --budget \
            is spent, or for --repeat rounds. --aa adds the baseline again: the machine's own noise. Writes \
            overhead.md, overhead.csv, report.html, runs.jsonl and each variant's run under runs/.
            """
    )

    @Argument(help: "The scenario file (YAML); as written, it is the baseline.")
    var scenario: String

    @OptionGroup var set: OverrideOptions

    @Option(
        name: .customLong("variant"),
        help: ArgumentHelp(
            "A named variant: 'NAME: KEY=VALUE, KEY=VALUE' with keys as --set takes them (repeatable).",
            valueName: "name: key=value,..."))
    var variants: [String] = []

    @Option(
        help: "Client sample fractions, comma-separated (e.g. 0,0.01,0.1,1): variants client-F against tracing off.",
        transform: OptionParsers.fractions("--fractions"))
    var fractions: [Double]?

    @Option(
        help:
            "Server-only sample fractions, comma-separated (the client sends no trace context; each needs a Milvus of its own).",
        transform: OptionParsers.fractions("--server-fractions"))
    var serverFractions: [Double]?

    @Flag(help: "Add the baseline as a second variant (A/A): what the machine's noise alone looks like.")
    var aa = false

    @Option(
        help: "Target half-width of the headline figures' 95% intervals, e.g. 2%.",
        transform: OptionParsers.percent("--precision"))
    var precision: Double?

    @Option(
        help: "The longest the comparison may take, e.g. 10m (server start-up and preparation included).",
        transform: OptionParsers.duration("--budget", example: "10m"))
    var budget: Double?

    @Option(name: .customLong("repeat"), help: "A fixed number of rounds instead of --precision and --budget.")
    var repeats: Int?

    @Option(
        help: "One block's length, e.g. 10s: the measured phases scaled to it.",
        transform: OptionParsers.duration("--block"))
    var block: Double?

    @Option(help: "Seed of the blocks' random order (default: the time).")
    var seed: UInt64?

    @Flag(help: "Leave the server's tracing as the scenario has it; vary the client side only.")
    var clientOnly = false

    @Option(help: "Directory for the comparison (default: reports/<scenario>-compare-<UTC time>).")
    var out: String?

    @Option(help: "Where the embedded Milvus servers keep their data (default: temporary, removed afterwards).")
    var milvusDir: String?

    func validate() throws {
        if let repeats, !(2...1000).contains(repeats) {
            throw ValidationError("--repeat: expected a whole number of rounds from 2 to 1000, found \(repeats)")
        }
        if clientOnly && serverFractions != nil {
            throw ValidationError("--server-fractions cannot be combined with --client-only")
        }
        for text in variants where CompareVariant.parse(text) == nil {
            throw ValidationError(
                "--variant: expected 'NAME: KEY=VALUE, ...' such as 'ef128: phases.search.search.params.ef=128', found '\(text)'")
        }
    }

    func run() async throws {
        var plan = ComparePlan(scenarioPath: scenario, tool: "traceload \(Traceload.version)")
        plan.overrides = set.overrides
        plan.variants = variants.compactMap(CompareVariant.parse)
        plan.fractions = fractions
        plan.serverFractions = serverFractions
        plan.aa = aa
        plan.clientOnly = clientOnly
        plan.precision = precision
        plan.budgetSeconds = budget
        plan.rounds = repeats
        plan.blockSeconds = block
        plan.seed = seed
        plan.milvusDirectory = milvusDir
        plan.receiverExecutable = Bundle.main.executablePath ?? CommandLine.arguments[0]
        let options: CompareOptions
        let directory: String
        do {
            options = try plan.options()
            directory = try out ?? defaultReportDirectory(for: "\(plan.baseline().name)-compare")
        } catch {
            throw failureExit(error)
        }
        let writer: ReportWriter
        do { writer = try ReportWriter(directory: directory) } catch {
            printError("traceload: \(error)")
            throw ExitCode(ExitCodes.runFailed)
        }
        log("comparing \(options.variants.map(\.name).joined(separator: ", "))\(aa ? ", A/A" : "") into \(directory)")
        let control = RunControl()
        let interrupts = Interrupts(control)
        defer { interrupts.cancel() }
        let end = await CompareEngine(options: options).run(control: control, observer: ConsoleObserver().observer) { progress in
            do { try ComparisonReport.write(progress.summary, runs: progress.records, to: writer) } catch {
                printError("traceload: cannot write the comparison: \(error)")
            }
        }
        switch end {
        case .finished(let progress):
            try ComparisonReport.write(progress.summary, runs: progress.records, to: writer)
            printVerdicts(progress)
            print("comparison: \(directory)/overhead.md")
        case .stopped(let progress, let reason):
            if let progress {
                try ComparisonReport.write(progress.summary, runs: progress.records, to: writer)
                printVerdicts(progress)
            }
            print("comparison (partial, \(reason)): \(directory)/overhead.md")
            throw ExitCode(ExitCodes.interrupted)
        case .failed(let error, let progress):
            if let progress {
                try ComparisonReport.write(progress.summary, runs: progress.records, to: writer)
                print("comparison (partial): \(directory)/overhead.md")
            }
            throw failureExit(error)
        }
    }

    func printVerdicts(_ progress: CompareProgress) {
        let summary = progress.summary
        for variant in summary.variants where variant.name != summary.baseline {
            for change in variant.changes where change.headline {
                print("\(variant.name): \(change.figure.label) \(change.words)")
            }
        }
        print("stopped: \(summary.stopReason)")
    }
}
