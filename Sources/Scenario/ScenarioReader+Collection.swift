import Foundation
import Yams

extension ScenarioReader {
    func readCollection(_ node: Node?, fallback: Mark?) -> CollectionSpec? {
        guard let node else {
            diagnostics.report(
                nil, "collection", "missing; expected a mapping with at least dim (e.g. collection: {dim: 128})",
                fallback: fallback)
            return nil
        }
        guard let reader = MappingReader(node, path: "collection", diagnostics: diagnostics) else { return nil }
        defer { reader.finish() }
        let name =
            reader.string("name", default: "traceload_\(defaultName.replacingOccurrences(of: "-", with: "_"))")
            ?? "traceload"
        if !isIdentifier(name) || name.contains("-") || name.first?.isNumber == true {
            diagnostics.report(
                reader.value("name"), "collection.name",
                "expected a Milvus collection name: a letter or '_' first, then letters, digits and '_', found '\(name)'"
            )
        }
        if !reader.has("dim") {
            diagnostics.report(
                nil, "collection.dim", "missing; expected the vector dimension, a whole number from 2 to 32768",
                fallback: reader.mark)
        }
        let dim = reader.int("dim", default: 128, in: 2...32768)
        let metric = reader.choice("metric", default: Metric.l2)
        let index = readIndex(reader.value("index"))
        let shards = reader.int("shards", default: 1, in: 1...64)
        let dropExisting = reader.bool("dropExisting", default: true)
        var fields: [ScalarField] = []
        if let fieldsNode = reader.value("fields") {
            if let items = fieldsNode.sequence {
                for (i, item) in items.enumerated() {
                    if let field = readScalarField(item, path: "collection.fields[\(i)]") { fields.append(field) }
                }
            } else {
                diagnostics.report(
                    fieldsNode, "collection.fields",
                    "expected a list of fields such as {name: category, type: int64}, found \(describe(fieldsNode))")
            }
        }
        var names = Set(["id", "vector"])
        for (i, field) in fields.enumerated() where !names.insert(field.name).inserted {
            diagnostics.report(
                fieldsNode(reader)?.sequence?[i], "collection.fields[\(i)].name",
                "'\(field.name)' is used twice (id and vector are taken by traceload)")
        }
        return CollectionSpec(
            name: name, dim: dim, metric: metric, index: index, fields: fields, shards: shards,
            dropExisting: dropExisting)
    }

    private func fieldsNode(_ reader: MappingReader) -> Node? {
        (reader.node.mapping?.first { $0.key.string == "fields" })?.value
    }

    func readIndex(_ node: Node?) -> IndexSpec {
        guard let node else { return IndexSpec(type: .hnsw) }
        if case .scalar = node {
            let types = IndexType.allCases.map(\.rawValue)
            guard let type = IndexType(rawValue: (node.string ?? "").uppercased()) else {
                diagnostics.report(
                    node, "collection.index",
                    "expected one of \(types.joined(separator: ", ")), found \(describe(node))\(suggestion(for: node.string, among: types))"
                )
                return IndexSpec(type: .hnsw)
            }
            return IndexSpec(type: type)
        }
        guard let reader = MappingReader(node, path: "collection.index", diagnostics: diagnostics) else {
            return IndexSpec(type: .hnsw)
        }
        defer { reader.finish() }
        let type = reader.choice("type", default: IndexType.hnsw)
        let params = reader.stringMap("params")
        checkParameters(
            params, node: reader.value("params"), path: "collection.index.params", type: type,
            rules: IndexParameters.build(type).map { ($0, $0.range, nil) }, what: "index")
        return IndexSpec(type: type, params: params)
    }

    /// Each parameter known for the index type, a whole number in Milvus's range; `floor` says
    /// what set a range's lower bound, when the search did.
    func checkParameters(
        _ params: [String: String], node: Node?, path: String, type: IndexType,
        rules: [(IndexParameters.Rule, ClosedRange<Int>, floor: String?)], what: String
    ) {
        let names = rules.map(\.0.name)
        for (name, text) in params.sorted(by: { $0.key < $1.key }) {
            let valueNode = node?.mapping?.first { $0.key.string == name }?.value
            guard let (rule, range, floor) = rules.first(where: { $0.0.name == name }) else {
                let expected =
                    names.isEmpty
                    ? "\(type.rawValue) takes no \(what) parameters"
                    : "\(type.rawValue) \(what) parameters are \(names.joined(separator: ", "))"
                diagnostics.report(
                    node?.mapping?.first { $0.key.string == name }?.key ?? node, "\(path).\(name)",
                    "unknown parameter; \(expected)\(suggestion(for: name, among: names))")
                continue
            }
            guard let value = Int(text) else {
                diagnostics.report(
                    valueNode, "\(path).\(name)",
                    "expected a whole number (\(rule.meaning)) from \(range.lowerBound) to \(range.upperBound), found '\(text)'"
                )
                continue
            }
            if let floor, value < range.lowerBound {
                diagnostics.report(valueNode, "\(path).\(name)", "\(name) must be at least \(floor), found \(value)")
            } else if !range.contains(value) {
                diagnostics.report(
                    valueNode, "\(path).\(name)",
                    "expected \(rule.meaning) from \(range.lowerBound) to \(range.upperBound) (Milvus's range for \(type.rawValue)), found \(value)"
                )
            }
        }
    }

    func readScalarField(_ node: Node, path: String) -> ScalarField? {
        guard let reader = MappingReader(node, path: path, diagnostics: diagnostics) else { return nil }
        defer { reader.finish() }
        guard let name = reader.string("name") else {
            diagnostics.report(nil, "\(path).name", "missing; expected the field's name", fallback: reader.mark)
            return nil
        }
        if !isIdentifier(name) || name.contains("-") {
            diagnostics.report(
                reader.value("name"), "\(path).name", "expected letters, digits and '_', found '\(name)'")
        }
        let type = reader.choice("type", default: ScalarType.int64)
        let maxLength = reader.int("maxLength", default: 64, in: 1...65535)
        let cardinality = reader.int("cardinality", default: 100, in: 1...1_000_000_000)
        return ScalarField(name: name, type: type, maxLength: maxLength, cardinality: cardinality)
    }
}
