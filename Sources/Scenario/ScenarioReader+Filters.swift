import Yams

extension ScenarioReader {
    /// Every search and query filter, checked as Milvus checks it before it runs anything: its
    /// grammar (`FilterSyntax`), the fields it names and the types of its values (`FilterCheck`).
    /// `tenant = 7` once passed here and 6,644 requests failed for 50 s; a field the collection
    /// lacked failed 284 of 400. A search that checks recall also needs a filter traceload can
    /// evaluate on the rows it inserted, to compute the filtered ground truth; another is refused
    /// with the part it cannot evaluate.
    /// `index` is the phase's place in the file, as every path in a message gives it.
    func checkFilters(_ phase: Phase, index: Int, node: Node?, collection: CollectionSpec) {
        func child(_ node: Node?, _ key: String) -> Node? { node?.mapping?.first { $0.key.string == key }?.value }
        var filters: [(text: String, key: String, recall: Bool)] = []
        if phase.mix[.search] != nil, let filter = phase.search.filter {
            filters.append((filter, "search", phase.search.recall != nil))
        }
        if phase.mix[.query] != nil { filters.append((phase.query.filter, "query", false)) }
        for (text, key, recall) in filters {
            let location = child(child(node, key), "filter") ?? child(node, key) ?? node
            let field = "phases[\(index)].\(key).filter"
            // Milvus reads an empty filter as none.
            var tree: FilterTree?
            if !text.allSatisfy(\.isWhitespace) {
                tree = checkMilvusRules(text, collection: collection, node: location, field: field)
                guard tree != nil else { continue }
            }
            if recall {
                do {
                    if let tree { _ = try FilterExpression(tree) } else { _ = try FilterExpression.parse(text) }
                } catch {
                    diagnostics.report(
                        location, field,
                        "recall with a filter needs one traceload can evaluate on the rows it inserted (comparisons, in, and/or/not, ranges, like \"prefix%\"): \(error)"
                    )
                }
            }
        }
    }

    /// Reports what Milvus would refuse in the filter; returns its tree, or nil when its grammar
    /// already fails, so that nothing more is said about it.
    func checkMilvusRules(_ text: String, collection: CollectionSpec, node: Node?, field: String) -> FilterTree? {
        let quoted = text.contains("\"") && !text.contains("'") ? "'\(text)'" : "\"\(text)\""
        let tree: FilterTree
        do {
            tree = try FilterSyntax.parse(text)
        } catch {
            diagnostics.report(node, field, "\(quoted): \(error)")
            return nil
        }
        let fields = [("id", ScalarType.int64)] + collection.fields.map { ($0.name, $0.type) }
        for problem in FilterCheck.problems(in: tree, fields: fields) {
            diagnostics.report(node, field, "\(quoted): \(problem)")
        }
        return tree
    }
}
