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

    @Option(help: "Client sample fractions, comma-separated (e.g. 0,0.01,0.1,1): variants client-F against tracing off.")
    var fractions: String?

    @Option(help: "Server-only sample fractions, comma-separated (the client sends no trace context; each needs a Milvus of its own).")
    var serverFractions: String?

    @Flag(help: "Add the baseline as a second variant (A/A): what the machine's noise alone looks like.")
    var aa = false

    @Option(help: "Target half-width of the headline figures' 95% intervals, e.g. 2%.")
    var precision: String?

    @Option(help: "The longest the comparison may take, e.g. 10m (server start-up and preparation included).")
    var budget: String?

    @Option(name: .customLong("repeat"), help: "A fixed number of rounds instead of --precision and --budget.")
    var repeats: Int?

    @Option(help: "One block's length, e.g. 10s: the measured phases scaled to it.")
    var block: String?

    @Option(help: "Seed of the blocks' random order (default: the time).")
    var seed: UInt64?

    @Flag(help: "Leave the server's tracing as the scenario has it; vary the client side only.")
    var clientOnly = false

    @Option(help: "Directory for the comparison (default: reports/<scenario>-compare-<UTC time>).")
    var out: String?

    @Option(help: "Where the embedded Milvus servers keep their data (default: temporary, removed afterwards).")
    var milvusDir: String?

    func validate() throws {
        _ = try fractions.map { try Self.parseFractions($0, option: "--fractions") }
        _ = try serverFractions.map { try Self.parseFractions($0, option: "--server-fractions") }
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
        if let precision, parsePercent(precision) == nil { throw ValidationError("--precision: expected a percentage such as 2%, found '\(precision)'") }
        if let budget, parseDuration(budget) == nil { throw ValidationError("--budget: expected a duration such as 10m, found '\(budget)'") }
        if let block, parseDuration(block) == nil { throw ValidationError("--block: expected a duration such as 10s, found '\(block)'") }
    }

    static func parseFractions(_ text: String, option: String) throws -> [Double] {
        try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard let value = Double(trimmed), (0...1).contains(value) else {
                throw ValidationError(
                    "\(option): expected sample fractions from 0 to 1 separated by commas (e.g. 0,0.1,1), found '\(trimmed)'")
            }
            return value
        }
    }

    func run() async throws {
        let base = try loadScenario(scenario, overrides: set)
        let spec = base.compare
        // What to compare: the command line's variants or sweep, else the scenario's.
        var named: [(name: String, settings: [String])] = variants.compactMap(CompareVariant.parse)
        let clientFractions = try fractions.map { try Self.parseFractions($0, option: "--fractions") } ?? (named.isEmpty ? spec.fractions : [])
        let serverOnly = try serverFractions.map { try Self.parseFractions($0, option: "--server-fractions") } ?? (named.isEmpty ? spec.serverFractions : [])
        if named.isEmpty && variants.isEmpty && fractions == nil && serverFractions == nil {
            named = spec.variants.map { ($0.name, $0.settings) }
        }
        var all: [CompareVariant] = []
        if !clientFractions.isEmpty || !serverOnly.isEmpty {
            for (name, settings) in CompareVariant.sweep(clientFractions: clientFractions, serverFractions: serverOnly, phases: base.phases) {
                all.append(CompareVariant(name: name, settings: settings, scenario: try loadScenario(scenario, overrides: set, extra: settings)))
            }
        } else {
            all.append(CompareVariant(name: "baseline", settings: [], scenario: base))
        }
        for (name, settings) in named {
            all.append(CompareVariant(name: name, settings: settings, scenario: try loadScenario(scenario, overrides: set, extra: settings)))
        }
        guard all.count > 1 || aa else {
            printError(
                "traceload: nothing to compare: give --variant 'NAME: KEY=VALUE', --fractions, --aa, or compare.variants in the scenario")
            throw ExitCode(ExitCodes.badInput)
        }
        let clientOnly = clientOnly || spec.clientOnly
        if case .external = base.milvus, !clientOnly,
            Set(all.map { "\($0.scenario.tracing.enabled) \($0.scenario.tracing.serverSampleFraction)" }).count > 1
        {
            printError(
                "traceload: \(scenario): these variants change an external Milvus's tracing, which traceload cannot reconfigure: compare them with --client-only, or point each variant at a Milvus set up for it (milvus.uri)")
            throw ExitCode(ExitCodes.badInput)
        }
        let directory = out ?? defaultReportDirectory(for: "\(base.name)-compare")
        let writer: ReportWriter
        do { writer = try ReportWriter(directory: directory) } catch {
            printError("traceload: \(error)")
            throw ExitCode(ExitCodes.runFailed)
        }
        log("comparing \(all.map(\.name).joined(separator: ", "))\(aa ? ", A/A" : "") into \(directory)")
        let options = CompareOptions(
            tool: "traceload \(Traceload.version)", variants: all, aa: aa,
            precision: precision.flatMap(parsePercent) ?? spec.precision,
            budgetSeconds: budget.flatMap(parseDuration) ?? spec.budgetSeconds, rounds: repeats ?? spec.repeats,
            blockSeconds: block.flatMap(parseDuration) ?? spec.blockSeconds, seed: seed ?? UInt64(Date().timeIntervalSince1970),
            milvusDirectory: milvusDir, receiverExecutable: Bundle.main.executablePath ?? CommandLine.arguments[0],
            clientOnly: clientOnly)
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
        case .failed(let message, let progress):
            printError("traceload: \(message)")
            if let progress {
                try ComparisonReport.write(progress.summary, runs: progress.records, to: writer)
                print("comparison (partial): \(directory)/overhead.md")
            }
            throw ExitCode(ExitCodes.runFailed)
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

/// `2%` or `2` → 2; nil otherwise.
func parsePercent(_ text: String) -> Double? {
    let trimmed = text.hasSuffix("%") ? String(text.dropLast()) : text
    guard let value = Double(trimmed), value > 0 else { return nil }
    return value
}
