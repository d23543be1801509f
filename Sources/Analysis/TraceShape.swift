import Traces

/// The spans the traces of one operation in one phase usually carry, learned from those traces:
/// a trace that lacks a span name that a clear share of its siblings have is incomplete for it.
///
/// Milvus leaves spans out for reasons of its own (a query node that merges concurrent searches
/// into one task traces the merged work under one request only; a separate exporter may not have
/// flushed), so completeness cannot be read off a fixed list. Names that only a cache miss
/// produces (`optional`) are not expected: their absence is the normal case.
package struct TraceShape: Sendable {
    /// A span name that some traces lack.
    package struct Expected: Sendable, Equatable {
        package var name: String
        package var component: String
        /// The name of its usual parent: where its time shows when it is missing.
        package var parent: String?
        /// Traces that have it.
        package var present: Int
        /// Its number in the catalog the shape was learned with.
        var id: Int32
    }

    /// Traces the shape was learned from.
    package let traces: Int
    /// Names that a clear share of the traces have, but not all; most widespread first.
    package let expected: [Expected]
    /// By span name number: names of spans that hand work on. They have child spans somewhere in
    /// these traces, or, childless, enclose another span's subtree that is not theirs (Milvus 2.3
    /// starts `RetrieveTask` beside `Proxy-Query`, not under it, and `Proxy-Query` waits for it).
    let handsWorkOn: [Bool]

    /// A name is expected when at least this share of the traces, and `minimumTraces` of them, have it.
    package static let minimumShare = 0.1
    package static let minimumTraces = 3
    /// Lookups the proxy and the delegator cache: present only after a cache miss.
    package static let optionalSuffixes = [
        "/GetShardLeaders", "/ShowPartitions", "/DescribeCollection", "/DescribeCollectionInternal", "/ShowCollections",
        "/AssignSegmentID", "/AllocID", "/GetCollectionStatistics", "/DescribeDatabase", "/ListDatabases",
    ]

    /// `traces`: the server spans of each joined trace, numbered by `catalog`.
    init(traces: [ServerTrace], catalog: SpanCatalog) {
        let nameCount = catalog.names.count
        var presence = [Int](repeating: 0, count: nameCount)
        var firstType = [Int32](repeating: -1, count: nameCount)
        var handsWorkOn = [Bool](repeating: false, count: nameCount)
        // Per name, how often each name is its parent's: (name, parent name) → count.
        var parents: [Int64: Int] = [:]
        var seen = [Int](repeating: -1, count: nameCount)
        for (t, trace) in traces.enumerated() {
            for name in Self.wrappers(in: trace, catalog: catalog) { handsWorkOn[Int(name)] = true }
            for node in trace.nodes {
                let name = Int(catalog.typeName[Int(node.type)])
                if seen[name] != t {
                    seen[name] = t
                    presence[name] += 1
                }
                if firstType[name] < 0 { firstType[name] = node.type }
                if node.parent >= 0 {
                    let parentName = catalog.typeName[Int(trace.nodes[Int(node.parent)].type)]
                    parents[Int64(name) << 32 | Int64(parentName), default: 0] += 1
                    handsWorkOn[Int(parentName)] = true
                }
            }
        }
        let count = traces.count
        let threshold = max(Self.minimumTraces, Int((Self.minimumShare * Double(count)).rounded(.up)))
        self.traces = count
        self.handsWorkOn = handsWorkOn
        var usualParent: [Int: (name: String, count: Int)] = [:]
        for (key, n) in parents {
            let name = Int(key >> 32)
            let parent = catalog.names[Int(key & 0xffff_ffff)]
            // The most frequent parent; of equals, the name first in order.
            if let best = usualParent[name], n < best.count || (n == best.count && best.name < parent) { continue }
            usualParent[name] = (parent, n)
        }
        expected = presence.indices
            .filter { name in
                let present = presence[name]
                return present >= threshold && present < count
                    && !Self.optionalSuffixes.contains { catalog.names[name].hasSuffix($0) }
            }
            .map { name in
                Expected(
                    name: catalog.names[name], component: catalog.components[Int(catalog.typeComponent[Int(firstType[name])])],
                    parent: usualParent[name]?.name, present: presence[name], id: Int32(name))
            }
            .sorted { ($0.present, $1.name) > ($1.present, $0.name) }
    }

    /// Names of childless spans of one trace that enclose a span with children which is not their ancestor.
    static func wrappers(in trace: ServerTrace, catalog: SpanCatalog) -> [Int32] {
        let nodes = trace.nodes
        func isAncestor(_ candidate: ServerTrace.Node, of span: ServerTrace.Node) -> Bool {
            var id: UInt64? = span.hasParent ? span.parentID : nil
            var place = span.parent
            var steps = 0
            while let current = id, steps < 64 {
                if current == candidate.spanID { return true }
                guard place >= 0 else { return false }
                let parent = nodes[Int(place)]
                id = parent.hasParent ? parent.parentID : nil
                place = parent.parent
                steps += 1
            }
            return false
        }
        var names: [Int32] = []
        for leaf in nodes where !leaf.isParent {
            let encloses = nodes.contains { other in
                other.isParent && other.start >= leaf.start && other.end <= leaf.end
                    && other.duration > 0 && !isAncestor(other, of: leaf)
            }
            if encloses { names.append(catalog.typeName[Int(leaf.type)]) }
        }
        return names
    }

    /// The expected names that `trace` lacks, by their place in `expected`.
    func missing(in trace: ServerTrace, catalog: SpanCatalog) -> [Int] {
        guard !expected.isEmpty else { return [] }
        return expected.indices.filter { e in
            !trace.nodes.contains { catalog.typeName[Int($0.type)] == expected[e].id }
        }
    }
}
