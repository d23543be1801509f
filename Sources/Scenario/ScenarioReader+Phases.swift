import Foundation
import Yams

extension ScenarioReader {
    func readPhases(_ node: Node?, fallback: Mark?, collection: CollectionSpec?, dataset: DatasetSpec) -> [Phase] {
        guard let node else {
            diagnostics.report(
                nil, "phases", "missing; expected a list of phases, each with a duration or requests and a mix",
                fallback: fallback)
            return []
        }
        guard let items = node.sequence, !items.isEmpty else {
            diagnostics.report(node, "phases", "expected a non-empty list of phases, found \(describe(node))")
            return []
        }
        var phases: [Phase] = []
        var names = Set<String>()
        for (i, item) in items.enumerated() {
            guard let read = readPhase(item, index: i, collection: collection, dataset: dataset) else { continue }
            // Before a sweep makes several phases of it: one filter, checked once, at its place.
            if let collection { checkFilters(read, index: i, node: item, collection: collection) }
            for phase in Self.expandSweep(read) {
                if !names.insert(phase.name).inserted {
                    diagnostics.report(
                        item.mapping?.first { $0.key.string == "name" }?.value ?? item, "phases[\(i)].name",
                        "'\(phase.name)' names an earlier phase too; phase names must differ")
                }
                phases.append(phase)
            }
        }
        return phases
    }

    func readPhase(_ node: Node, index: Int, collection: CollectionSpec?, dataset: DatasetSpec) -> Phase? {
        let path = "phases[\(index)]"
        guard let reader = MappingReader(node, path: path, diagnostics: diagnostics) else { return nil }
        defer { reader.finish() }
        let name = reader.string("name", default: "phase-\(index + 1)") ?? "phase-\(index + 1)"
        if !isIdentifier(name) {
            diagnostics.report(
                reader.value("name"), "\(path).name", "expected letters, digits, '-' and '_' only, found '\(name)'")
        }
        let duration = reader.duration("duration", default: nil, in: 0.1...86_400)
        let requests = reader.has("requests") ? reader.int("requests", default: 1, in: 1...1_000_000_000) : nil
        let length: PhaseLength
        switch (duration, requests, reader.has("duration"), reader.has("requests")) {
        case (_, _, true, true):
            diagnostics.report(
                reader.value("requests"), "\(path).requests", "a phase has a duration or a request count, not both")
            length = .duration(seconds: duration ?? 1)
        case (let seconds?, nil, _, _): length = .duration(seconds: seconds)
        case (nil, let count?, _, _): length = .requests(count)
        case (nil, nil, false, false):
            diagnostics.report(
                nil, "\(path).duration", "missing; expected a duration (e.g. 30s) or a request count (requests: 1000)",
                fallback: reader.mark)
            length = .duration(seconds: 1)
        default: length = .duration(seconds: 1)  // the bad value was reported already
        }
        let workers = reader.int("workers", default: 4, in: 1...4096)
        let rate = readRate(reader.value("rate"), path: "\(path).rate")
        if let rate, !reader.has("workers") {
            // How many requests may be in flight at once bounds what the rate can reach; a silent
            // default would cap it unseen.
            let suggested = max(4, Int((max(rate.start, rate.end) * 0.05).rounded(.up)))
            diagnostics.report(
                reader.value("rate"), "\(path).workers",
                "missing: an open-loop phase needs workers, how many requests may be in flight at once (at \(formatNumber(max(rate.start, rate.end))) req/s and 50 ms per request, workers: \(suggested))"
            )
        }
        let mix = readMix(reader.value("mix"), path: "\(path).mix", fallback: reader.mark)
        let search = readSearch(
            reader.value("search"), path: "\(path).search", collection: collection, dataset: dataset)
        let insert = readInsert(reader.value("insert"), path: "\(path).insert")
        let query = readQuery(reader.value("query"), path: "\(path).query")
        let fraction = reader.double("sampleFraction", default: nil, in: 0...1, what: "a fraction")
        let warmup = reader.bool("warmup", default: false)
        return Phase(
            name: name, length: length, workers: workers, rate: rate, mix: mix, search: search, insert: insert,
            query: query, sampleFraction: fraction, warmup: warmup)
    }

    /// `rate: 200` or `rate: {from: 50, to: 500}` (a linear ramp over the phase).
    func readRate(_ node: Node?, path: String) -> ArrivalRate? {
        guard let node else { return nil }
        if node.mapping != nil {
            guard let reader = MappingReader(node, path: path, diagnostics: diagnostics) else { return nil }
            defer { reader.finish() }
            for key in ["from", "to"] where !reader.has(key) {
                diagnostics.report(
                    nil, "\(path).\(key)", "missing; a ramp needs from and to (requests per second)",
                    fallback: reader.mark)
            }
            let from = reader.double("from", default: nil, in: 0...10_000_000, what: "requests per second")
            let to = reader.double("to", default: nil, in: 0...10_000_000, what: "requests per second")
            guard let from, let to else { return nil }
            if from == 0 && to == 0 {
                diagnostics.report(node, path, "a ramp from 0 to 0 sends nothing; expected a positive rate at one end")
            }
            return ArrivalRate(start: from, end: to)
        }
        guard let rate = MappingReader.checkedRate(node, path, diagnostics) else { return nil }
        return ArrivalRate(constant: rate)
    }

    func readMix(_ node: Node?, path: String, fallback: Mark?) -> [OperationKind: Double] {
        let names = OperationKind.allCases.map(\.rawValue)
        guard let node else {
            diagnostics.report(
                nil, path,
                "missing; expected the operations to run with weights, e.g. mix: {search: 9, insert: 1}, or one name",
                fallback: fallback)
            return [:]
        }
        if case .scalar(let scalar) = node {
            guard let kind = OperationKind(rawValue: scalar.string) else {
                diagnostics.report(
                    node, path,
                    "expected one of \(names.joined(separator: ", ")) or a mapping of them to weights, found \(describe(node))\(suggestion(for: scalar.string, among: names))"
                )
                return [:]
            }
            return [kind: 1]
        }
        guard let reader = MappingReader(node, path: path, diagnostics: diagnostics) else { return [:] }
        defer { reader.finish() }
        var mix: [OperationKind: Double] = [:]
        for kind in OperationKind.allCases {
            if let weight = reader.double(kind.rawValue, default: nil, in: 0...1_000_000, what: "a weight"), weight > 0
            {
                mix[kind] = weight
            }
        }
        if mix.isEmpty && reader.keys.allSatisfy({ names.contains($0) }) {
            diagnostics.report(node, path, "no operation has a positive weight; expected e.g. {search: 9, insert: 1}")
        }
        return mix
    }

    /// A phase with a swept search parameter as one phase per value: `search-ef16`, `search-ef32`, ...
    static func expandSweep(_ phase: Phase) -> [Phase] {
        guard let sweep = phase.search.sweep else { return [phase] }
        return sweep.values.map { value in
            var point = phase
            point.name = "\(phase.name)-\(sweep.parameter)\(value.replacingOccurrences(of: ".", with: "_"))"
            point.search.params[sweep.parameter] = value
            point.search.sweep = nil
            point.curve = Phase.CurvePoint(group: phase.name, parameter: sweep.parameter, value: value)
            return point
        }
    }

    /// Search params; one of them may be a list of values to sweep (`ef: [16, 32, 64]`).
    func readSearchParams(_ reader: MappingReader, path: String) -> (params: [String: String], sweep: SearchSpec.Sweep?) {
        guard let node = reader.value("params"), let mapping = node.mapping else { return (reader.stringMap("params"), nil) }
        var params: [String: String] = [:]
        var sweep: SearchSpec.Sweep?
        for (key, value) in mapping {
            let name = key.string ?? "?"
            if case .scalar(let scalar) = value {
                params[name] = scalar.string
            } else if let list = value.sequence, !list.isEmpty, list.allSatisfy({ $0.scalar != nil }) {
                guard sweep == nil else {
                    diagnostics.report(value, "\(path).params.\(name)", "only one search parameter may be swept (given as a list) in a phase")
                    continue
                }
                sweep = SearchSpec.Sweep(parameter: name, values: list.compactMap { $0.scalar?.string })
                params[name] = sweep!.values[0]
            } else {
                diagnostics.report(
                    value, "\(path).params.\(name)", "expected a value, or a list of values to sweep, found \(describe(value))")
            }
        }
        return (params, sweep)
    }

    func readSearch(_ node: Node?, path: String, collection: CollectionSpec?, dataset: DatasetSpec) -> SearchSpec {
        guard let node, let reader = MappingReader(node, path: path, diagnostics: diagnostics) else {
            return SearchSpec()
        }
        defer { reader.finish() }
        let (params, sweep) = readSearchParams(reader, path: path)
        var spec = SearchSpec(
            topk: reader.int("topk", default: 10, in: 1...16384),
            nq: reader.int("nq", default: 1, in: 1...16384),
            params: params,
            filter: reader.string("filter"),
            outputFields: reader.stringList("outputFields"),
            recall: readRecall(reader, dataset: dataset)
        )
        spec.answers = reader.bool("answers", default: false)
        spec.sweep = sweep
        if spec.answers && spec.recall == nil {
            diagnostics.report(
                reader.value("answers"), reader.field("answers"),
                "keeps the answers of the searches checked for recall: set recall (true or a fraction) too")
        }
        checkFieldNames(spec.outputFields, reader: reader, key: "outputFields", collection: collection)
        if let index = collection?.index {
            for value in sweep?.values ?? [spec.params[sweep?.parameter ?? ""] ?? ""] {
                var params = spec.params
                if let sweep { params[sweep.parameter] = value }
                checkParameters(
                    params, node: reader.value("params"), path: "\(path).params", type: index.type,
                    rules: IndexParameters.search(index.type).map {
                        ($0, IndexParameters.bounds(of: $0, topk: spec.topk, index: index),
                            IndexParameters.floor(of: $0, topk: spec.topk))
                    },
                    what: "search")
            }
        }
        return spec
    }

    func readInsert(_ node: Node?, path: String) -> InsertSpec {
        guard let node, let reader = MappingReader(node, path: path, diagnostics: diagnostics) else {
            return InsertSpec()
        }
        defer { reader.finish() }
        return InsertSpec(batch: reader.int("batch", default: 100, in: 1...100_000))
    }

    func readQuery(_ node: Node?, path: String) -> QuerySpec {
        guard let node, let reader = MappingReader(node, path: path, diagnostics: diagnostics) else {
            return QuerySpec()
        }
        defer { reader.finish() }
        return QuerySpec(
            filter: reader.string("filter", default: "id >= 0") ?? "id >= 0",
            limit: reader.int("limit", default: 10, in: 1...16384),
            outputFields: reader.stringList("outputFields")
        )
    }

    func checkFieldNames(_ names: [String], reader: MappingReader, key: String, collection: CollectionSpec?) {
        guard let collection else { return }
        let known = ["id", "vector"] + collection.fields.map(\.name)
        for name in names where !known.contains(name) {
            diagnostics.report(
                reader.value(key), reader.field(key),
                "'\(name)' is not a field of the collection; expected one of \(known.joined(separator: ", "))\(suggestion(for: name, among: known))"
            )
        }
    }

    /// `recall: true` checks every search, a fraction some of them, `false` none; it needs the
    /// dataset whose ground truth it is checked against.
    func readRecall(_ reader: MappingReader, dataset: DatasetSpec) -> Double? {
        guard let node = reader.value("recall") else { return nil }
        let fraction: Double?
        if case .scalar = node, let flag = node.bool {
            fraction = flag ? 1 : nil
        } else if case .scalar = node, let number = node.float ?? node.int.map(Double.init), number > 0, number <= 1 {
            fraction = number
        } else {
            diagnostics.report(
                node, reader.field("recall"),
                "expected true, false or a fraction of searches above 0 (at most 1), found \(describe(node))")
            return nil
        }
        if fraction != nil && (dataset.vectors == nil || dataset.queries == nil) {
            diagnostics.report(
                node, reader.field("recall"),
                "recall needs dataset.vectors and dataset.queries: the vectors inserted and the queries whose true neighbours are known"
            )
        }
        return fraction
    }
}

extension MappingReader {
    static func checkedRate(_ node: Node, _ field: String, _ diagnostics: Diagnostics) -> Double? {
        guard case .scalar = node, let rate = node.float ?? node.int.map(Double.init), rate.isFinite, rate > 0,
            rate <= 10_000_000
        else {
            diagnostics.report(
                node, field,
                "expected requests per second, a number above 0 (at most 10000000), or a ramp {from: N, to: M}, found \(describe(node))"
            )
            return nil
        }
        return rate
    }
}
