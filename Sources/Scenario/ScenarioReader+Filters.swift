import Yams

extension ScenarioReader {
    /// A filter naming a field the collection does not have fails every request it is in (284 of
    /// 400 searches failed with `field tenantid not exist`, and the run passed): refused here. A
    /// search that checks recall needs a filter traceload can evaluate on the rows it inserted,
    /// to compute the filtered ground truth; another is refused with the part it cannot evaluate.
    func checkFilters(_ phase: Phase, index: Int, node: Node?, collection: CollectionSpec) {
        func child(_ node: Node?, _ key: String) -> Node? { node?.mapping?.first { $0.key.string == key }?.value }
        var filters: [(text: String, key: String, recall: Bool)] = []
        if phase.mix[.search] != nil, let filter = phase.search.filter {
            filters.append((filter, "search", phase.search.recall != nil))
        }
        if phase.mix[.query] != nil { filters.append((phase.query.filter, "query", false)) }
        for (text, key, recall) in filters {
            let location = child(child(node, key), "filter") ?? child(node, key) ?? node
            let field = "phases.\(phase.name).\(key).filter"
            let known = ["id"] + collection.fields.map(\.name)
            let named: [String]
            do {
                let expression = try FilterParser.parse(text)
                named = expression.fields
                if recall { checkTypes(expression, collection: collection, node: location, field: field) }
            } catch {
                if recall {
                    diagnostics.report(
                        location, field,
                        "recall with a filter needs one traceload can evaluate on the rows it inserted (comparisons, in, and/or/not, ranges, like \"prefix%\"): \(error)"
                    )
                }
                named = FilterParser.fieldNames(in: text)
            }
            for name in orderedUnique(named) where !known.contains(name) {
                diagnostics.report(
                    location, field,
                    "'\(name)' is not a field of the collection; its fields are \(known.joined(separator: ", "))\(suggestion(for: name, among: known))"
                )
            }
        }
    }

    /// A value of the wrong type for its field (a string against an int64) would select nothing.
    func checkTypes(_ expression: FilterExpression, collection: CollectionSpec, node: Node?, field: String) {
        func type(of name: String) -> ScalarType? {
            name == "id" ? .int64 : collection.fields.first { $0.name == name }?.type
        }
        func fits(_ value: FilterExpression.Value, _ type: ScalarType) -> Bool {
            switch (value, type) {
            case (.integer, .int64), (.integer, .float), (.number, .float), (.text, .varchar), (.boolean, .bool): true
            default: false
            }
        }
        switch expression {
        case .compare(let name, _, let value):
            if let t = type(of: name), !fits(value, t) {
                diagnostics.report(node, field, "\(name) is \(t.rawValue); \(value) is not a value of it")
            }
        case .member(let name, let values, _):
            if let t = type(of: name), let wrong = values.first(where: { !fits($0, t) }) {
                diagnostics.report(node, field, "\(name) is \(t.rawValue); \(wrong) is not a value of it")
            }
        case .prefix(let name, _):
            if let t = type(of: name), t != .varchar {
                diagnostics.report(node, field, "like applies to varchar fields; \(name) is \(t.rawValue)")
            }
        case .and(let a, let b), .or(let a, let b):
            checkTypes(a, collection: collection, node: node, field: field)
            checkTypes(b, collection: collection, node: node, field: field)
        case .not(let a):
            checkTypes(a, collection: collection, node: node, field: field)
        }
    }
}
