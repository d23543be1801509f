import Foundation
import Scenario

/// One side of a comparison: the scenario with a variant's settings applied (`--set` style), so
/// that a variant is a scenario, not a second code path.
package struct CompareVariant: Sendable {
    package var name: String
    /// The settings it changes, as given (`phases.search.search.params.ef=128`).
    package var settings: [String]
    package var scenario: Scenario

    package init(name: String, settings: [String], scenario: Scenario) {
        self.name = name
        self.settings = settings
        self.scenario = scenario
    }

    /// What a Milvus serving this variant must be: its target, collection, data and (unless the
    /// comparison leaves the server's tracing alone) its tracing set-up. Variants with the same
    /// key can share one Milvus and one collection; the rest of their settings are the client's.
    func serverKey(clientOnly: Bool) -> String {
        struct Key: Encodable {
            var milvus: MilvusTarget
            var collection: CollectionSpec
            var dataset: DatasetSpec
            var exporter: String
        }
        let exporter = clientOnly ? "as configured" : ServerTracing(scenario.tracing).description
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let key = Key(
            milvus: scenario.milvus, collection: scenario.collection, dataset: scenario.dataset, exporter: exporter)
        return (try? String(decoding: encoder.encode(key), as: UTF8.self)) ?? name
    }

    /// The variants of a sample-fraction sweep: tracing off at the client (the baseline: no
    /// trace context; Milvus, following the client, records nothing), one per client fraction
    /// (Milvus following the client's decision), one per server-only fraction (no context from
    /// the client, Milvus sampling on its own: a Milvus of its own).
    package static func sweep(clientFractions: [Double], serverFractions: [Double], phases: [Phase]) -> [(
        name: String, settings: [String]
    )] {
        var out: [(String, [String])] = [("off", ["tracing.propagate=false"])]
        for fraction in clientFractions {
            let value = fractionText(fraction)
            // A phase's own fraction would win over the scenario's: the sweep sets both.
            let perPhase = phases.filter { $0.sampleFraction != nil }.map { "phases.\($0.name).sampleFraction=\(value)" }
            out.append(("client-\(value)", ["tracing.sampleFraction=\(value)"] + perPhase))
        }
        for fraction in serverFractions {
            out.append(
                ("server-\(fractionText(fraction))", ["tracing.propagate=false", "tracing.serverSampleFraction=\(fractionText(fraction))"]))
        }
        return out
    }

    static func fractionText(_ value: Double) -> String {
        if value == value.rounded() { return String(Int(value)) }
        var text = String(value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// `NAME: KEY=VALUE, KEY=VALUE` (a value may hold commas, e.g. a YAML flow mapping: a new
    /// setting starts only where a comma is followed by KEY=).
    package static func parse(_ text: String) -> (name: String, settings: [String])? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let name = text[..<colon].trimmingCharacters(in: .whitespaces)
        let rest = String(text[text.index(after: colon)...])
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." })
        else { return nil }
        var settings: [String] = []
        var current = ""
        var index = rest.startIndex
        while index < rest.endIndex {
            let character = rest[index]
            if character == ",", startsSetting(rest[rest.index(after: index)...]) {
                settings.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
            index = rest.index(after: index)
        }
        settings.append(current.trimmingCharacters(in: .whitespaces))
        settings = settings.filter { !$0.isEmpty }
        guard !settings.isEmpty, settings.allSatisfy({ $0.contains("=") }) else { return nil }
        return (name, settings)
    }

    static func startsSetting(_ text: Substring) -> Bool {
        let trimmed = text.drop { $0 == " " }
        guard let equals = trimmed.firstIndex(of: "=") else { return false }
        let key = trimmed[..<equals]
        return !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" }
    }
}
