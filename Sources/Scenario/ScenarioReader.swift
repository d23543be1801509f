import Foundation
import Yams

/// Turns the YAML tree into a `Scenario`, reporting each problem with its position.
struct ScenarioReader {
    let diagnostics: Diagnostics
    let defaultName: String
    /// The scenario file's folder: relative dataset paths are relative to it.
    var directory = "."

    func read(_ root: Node) -> Scenario? {
        guard let top = MappingReader(root, path: "", diagnostics: diagnostics) else { return nil }
        let name = top.string("name", default: defaultName) ?? defaultName
        if !isIdentifier(name) {
            diagnostics.report(
                top.value("name"), "name",
                "expected letters, digits, '-' and '_' only (it names the report folder), found '\(name)'")
        }
        let milvus = readMilvus(top.value("milvus"))
        let collection = readCollection(top.value("collection"), fallback: top.mark)
        let dataset = readDataset(top.value("dataset"))
        let tracing = readTracing(top.value("tracing"))
        let traces = readTraces(top.value("traces"))
        let phases = readPhases(top.value("phases"), fallback: top.mark, collection: collection, dataset: dataset)
        if let collection { checkDataset(dataset, node: top.value("dataset"), collection: collection) }
        let thresholds = readThresholds(top.value("thresholds"))
        let compare = readCompare(top.value("compare"), milvus: milvus)
        let onError = top.choice("onError", default: OnError.continue)
        let errorRate = readErrorRate(top.value("maxErrorRate"))
        top.finish()
        guard let collection else { return nil }
        var scenario = Scenario(
            name: name, milvus: milvus, collection: collection, dataset: dataset, tracing: tracing, traces: traces,
            phases: phases, thresholds: thresholds, compare: compare, stopOnError: onError == .stop)
        scenario.maxErrorRate = errorRate
        return scenario
    }

    /// `maxErrorRate: 1%` (the default), another percentage, or `off`.
    func readErrorRate(_ node: Node?) -> Double? {
        guard let node else { return Scenario.defaultMaxErrorRate }
        if case .scalar(let scalar) = node, ["off", "false", "none"].contains(scalar.string.lowercased()) { return nil }
        if case .scalar(let scalar) = node {
            if let value = parsePercent(scalar.string), value <= 100 { return value }
        }
        diagnostics.report(
            node, "maxErrorRate",
            "expected the share of failed requests an operation may have, such as 1% (0% to 100%), or off, found \(describe(node))"
        )
        return Scenario.defaultMaxErrorRate
    }

    enum OnError: String, CaseIterable { case `continue`, stop }

    func readCompare(_ node: Node?, milvus: MilvusTarget) -> CompareSpec {
        guard let node, let reader = MappingReader(node, path: "compare", diagnostics: diagnostics) else {
            return CompareSpec()
        }
        defer { reader.finish() }
        var spec = CompareSpec(
            variants: readVariants(reader.value("variants")),
            fractions: reader.numberList("fractions", in: 0...1, what: "a sample fraction") ?? [],
            serverFractions: reader.numberList("serverFractions", in: 0...1, what: "a sample fraction") ?? [],
            repeats: reader.has("repeat") ? reader.int("repeat", default: 5, in: 2...1000) : nil,
            precision: reader.double("precision", default: 2, in: 0.01...100, what: "a percentage") ?? 2,
            budgetSeconds: reader.duration("budget", default: 600, in: 10...86_400) ?? 600,
            blockSeconds: reader.duration("block", default: 10, in: 1...3600) ?? 10,
            restartCommand: reader.string("restart"),
            clientOnly: reader.bool("clientOnly", default: false)
        )
        if spec.clientOnly && !spec.serverFractions.isEmpty {
            diagnostics.report(
                reader.value("serverFractions"), "compare.serverFractions",
                "cannot be combined with clientOnly: true (the server is left alone)")
            spec.serverFractions = []
        }
        if case .embedded = milvus, spec.restartCommand != nil {
            diagnostics.report(
                reader.value("restart"), "compare.restart",
                "is for an external Milvus; traceload restarts the embedded one itself")
        }
        if let command = spec.restartCommand, !command.contains("{exporter}") && !command.contains("{fraction}") {
            diagnostics.report(
                reader.value("restart"), "compare.restart",
                "expected a command with the placeholders {exporter} and {fraction}, found '\(command)'")
        }
        return spec
    }

    /// `variants: { ef128: { phases.search.search.params.ef: 128 }, ... }`: each a name and the
    /// settings it changes, as `--set` would.
    func readVariants(_ node: Node?) -> [CompareSpec.Variant] {
        guard let node else { return [] }
        guard let mapping = node.mapping else {
            diagnostics.report(
                node, "compare.variants",
                "expected a mapping of variant names to their settings (e.g. ef128: { phases.search.search.params.ef: 128 }), found \(describe(node))"
            )
            return []
        }
        return mapping.compactMap { key, value -> CompareSpec.Variant? in
            let name = key.string ?? ""
            guard isIdentifier(name) else {
                diagnostics.report(key, "compare.variants", "expected a name of letters, digits, _ and -, found '\(name)'")
                return nil
            }
            guard let settings = value.mapping, !settings.isEmpty else {
                diagnostics.report(
                    value, "compare.variants.\(name)",
                    "expected a mapping of the settings this variant changes (KEY: VALUE), found \(describe(value))")
                return nil
            }
            return CompareSpec.Variant(
                name: name,
                settings: settings.map { setting, value in
                    let text = (try? Yams.serialize(node: value))?.trimmingCharacters(in: .whitespacesAndNewlines)
                    return "\(setting.string ?? "")=\(text ?? "")"
                })
        }
    }
}

func isIdentifier(_ text: String) -> Bool {
    !text.isEmpty && text.count <= 255
        && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
}
