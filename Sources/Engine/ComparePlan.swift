import Comparison
import Foundation
import Scenario

/// What a comparison is asked for, as the command line (or a test) gives it, made into the
/// variants and options the engine runs: the command line's variants or sample-fraction sweep,
/// else the scenario's `compare:` section; each variant the scenario loaded again with its
/// settings, so that a variant's mistake is reported like the file's.
package struct ComparePlan: Sendable {
    package var scenarioPath: String
    /// `--set`, applied to the baseline and every variant.
    package var overrides: [ScenarioOverride] = []
    /// `--variant 'NAME: KEY=VALUE, ...'`, parsed.
    package var variants: [(name: String, settings: [String])] = []
    /// `--fractions` and `--server-fractions`.
    package var fractions: [Double]?
    package var serverFractions: [Double]?
    package var aa = false
    package var clientOnly = false
    /// Percent, seconds, rounds, seconds: nil takes the scenario's (or its defaults).
    package var precision: Double?
    package var budgetSeconds: Double?
    package var rounds: Int?
    package var blockSeconds: Double?
    package var seed: UInt64?
    package var milvusDirectory: String?
    package var receiverExecutable: String?
    package var tool: String

    package init(scenarioPath: String, tool: String) {
        self.scenarioPath = scenarioPath
        self.tool = tool
    }

    /// The baseline scenario as loaded (for the report's directory name).
    package func baseline() throws(EngineError) -> Scenario { try load([]) }

    /// The engine's options, or why there is nothing (or nothing sensible) to compare.
    package func options() throws(EngineError) -> CompareOptions {
        let base = try baseline()
        let spec = base.compare
        var named = variants
        let sweeping = fractions != nil || serverFractions != nil
        let clientFractions = fractions ?? (named.isEmpty && !sweeping ? spec.fractions : [])
        let serverOnly = serverFractions ?? (named.isEmpty && !sweeping ? spec.serverFractions : [])
        if named.isEmpty && !sweeping { named = spec.variants.map { ($0.name, $0.settings) } }
        var all: [CompareVariant] = []
        if !clientFractions.isEmpty || !serverOnly.isEmpty {
            for (name, settings) in CompareVariant.sweep(
                clientFractions: clientFractions, serverFractions: serverOnly, phases: base.phases)
            {
                all.append(CompareVariant(name: name, settings: settings, scenario: try load(settings)))
            }
        } else {
            all.append(CompareVariant(name: "baseline", settings: [], scenario: base))
        }
        for (name, settings) in named {
            all.append(CompareVariant(name: name, settings: settings, scenario: try load(settings)))
        }
        guard all.count > 1 || aa else {
            throw EngineError(
                "nothing to compare: give --variant 'NAME: KEY=VALUE', --fractions, --aa, or compare.variants in the scenario",
                cause: .badInput)
        }
        let clientOnly = clientOnly || spec.clientOnly
        let restart = clientOnly ? nil : spec.restartCommand
        if case .external = base.milvus, !clientOnly, restart == nil,
            Set(all.map { ServerTracing($0.scenario.tracing) }).count > 1
        {
            throw EngineError(
                "\(scenarioPath): these variants change an external Milvus's tracing: give compare.restart (a command that restarts it with {exporter} and {fraction}), compare them with --client-only, or point each variant at a Milvus set up for it (milvus.uri)",
                cause: .badInput)
        }
        if restart != nil, Set(all.map { $0.serverKey(clientOnly: true) }).count > 1 {
            throw EngineError(
                "\(scenarioPath): compare.restart restarts the one Milvus all variants share with each variant's tracing: variants may change tracing and client settings, not milvus, collection or dataset",
                cause: .badInput)
        }
        return CompareOptions(
            tool: tool, variants: all, aa: aa, precision: precision ?? spec.precision,
            budgetSeconds: budgetSeconds ?? spec.budgetSeconds, rounds: rounds ?? spec.repeats,
            blockSeconds: blockSeconds ?? spec.blockSeconds, seed: seed ?? UInt64(Date().timeIntervalSince1970),
            milvusDirectory: milvusDirectory, receiverExecutable: receiverExecutable, clientOnly: clientOnly,
            restartCommand: restart)
    }

    func load(_ settings: [String]) throws(EngineError) -> Scenario {
        do {
            return try ScenarioLoader.load(
                path: scenarioPath, overrides: overrides + settings.compactMap(ScenarioOverride.init))
        } catch {
            throw EngineError(error)
        }
    }
}
