import Foundation

extension RunRecord {
    package static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    package func jsonData() throws -> Data { try Self.encoder.encode(self) }

    /// A run directory's run.json (or the file itself). Files of an earlier format are read as
    /// today's; a newer format is refused by name rather than half read.
    package static func load(path: String) throws -> RunRecord {
        let file = FileManager.default.fileExists(atPath: path + "/run.json") ? path + "/run.json" : path
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ResultsError.io("cannot read \(file)")
        }
        return try decode(data, file: file)
    }

    package static func decode(_ data: Data, file: String) throws -> RunRecord {
        guard var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ResultsError.invalidRun("\(file): not a JSON object")
        }
        let version = (object["formatVersion"] as? Int) ?? 1
        guard version <= currentFormat else {
            throw ResultsError.invalidRun(
                "\(file) has run.json format \(version); this traceload reads formats 1 to \(currentFormat). Read it with a newer traceload."
            )
        }
        guard version >= 1 else { throw ResultsError.invalidRun("\(file): unknown run.json format \(version)") }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            if version == 1 {
                // Format 1 kept the scenario whole, in the scenario's own types of its day.
                let legacy = try JSONSerialization.data(withJSONObject: object["scenario"] ?? [:])
                let scenario = LegacyScenario.record(
                    try decoder.decode(LegacyScenario.self, from: legacy),
                    tree: try decoder.decode(JSONTree.self, from: legacy))
                object["scenario"] = try JSONSerialization.jsonObject(with: encoder.encode(scenario))
                object["formatVersion"] = currentFormat
                return try decoder.decode(RunRecord.self, from: JSONSerialization.data(withJSONObject: object))
            }
            return try decoder.decode(RunRecord.self, from: data)
        } catch let error as ResultsError {
            throw error
        } catch {
            throw ResultsError.invalidRun("\(file): \(error)")
        }
    }
}

/// What a format-1 run.json held of its scenario that today's record keeps.
private struct LegacyScenario: Decodable {
    struct Collection: Decodable {
        struct Index: Decodable { var type: String }
        var name: String
        var dim: Int
        var metric: String
        var index: Index
    }
    struct Dataset: Decodable { var preloadRows: Int }
    struct Phase: Decodable {
        var name: String
        var warmup: Bool?
    }
    struct Tracing: Decodable {
        var serviceName: String
        var components: [ComponentRuleRecord]?
        var quietSeconds: Double?
    }

    var name: String
    var collection: Collection
    var dataset: Dataset
    var phases: [Phase]
    var thresholds: [ThresholdRecord]?
    var tracing: Tracing

    static func record(_ legacy: LegacyScenario, tree: JSONTree) -> ScenarioRecord {
        var settings = tree.flattened()
        for key in settings.keys where key.hasPrefix("compare.") { settings[key] = nil }
        return ScenarioRecord(
            name: legacy.name,
            collection: .init(
                name: legacy.collection.name, dim: legacy.collection.dim, metric: legacy.collection.metric,
                indexType: legacy.collection.index.type, preloadRows: legacy.dataset.preloadRows),
            phases: legacy.phases.map { .init(name: $0.name, warmup: $0.warmup ?? false) },
            thresholds: legacy.thresholds ?? [], serviceName: legacy.tracing.serviceName,
            componentRules: legacy.tracing.components ?? [], quietSeconds: legacy.tracing.quietSeconds ?? 6,
            settings: settings)
    }
}
