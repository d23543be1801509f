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
        top.finish()
        guard let collection else { return nil }
        return Scenario(
            name: name, milvus: milvus, collection: collection, dataset: dataset, tracing: tracing, traces: traces,
            phases: phases, thresholds: thresholds, compare: compare, stopOnError: onError == .stop)
    }

    enum OnError: String, CaseIterable { case `continue`, stop }

    func readCompare(_ node: Node?, milvus: MilvusTarget) -> CompareSpec {
        guard let node, let reader = MappingReader(node, path: "compare", diagnostics: diagnostics) else {
            return CompareSpec()
        }
        defer { reader.finish() }
        let defaults = CompareSpec()
        var spec = CompareSpec(
            fractions: reader.numberList("fractions", in: 0...1, what: "a sample fraction") ?? defaults.fractions,
            serverFractions: reader.numberList("serverFractions", in: 0...1, what: "a sample fraction") ?? [],
            repeats: reader.int("repeat", default: defaults.repeats, in: 1...100),
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
}

func isIdentifier(_ text: String) -> Bool {
    !text.isEmpty && text.count <= 255
        && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
}
