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
    }

    /// Traces the shape was learned from.
    package let traces: Int
    /// Per span name, the traces that have it.
    package let presence: [String: Int]
    /// Names that a clear share of the traces have, but not all; most widespread first.
    package let expected: [Expected]
    /// Names of spans that hand work on: they have child spans somewhere in these traces, or,
    /// childless, enclose another span's subtree that is not theirs (Milvus 2.3 starts `RetrieveTask`
    /// beside `Proxy-Query`, not under it, and `Proxy-Query` waits for it).
    package let parentNames: Set<String>

    /// A name is expected when at least this share of the traces, and `minimumTraces` of them, have it.
    package static let minimumShare = 0.1
    package static let minimumTraces = 3
    /// Lookups the proxy and the delegator cache: present only after a cache miss.
    package static let optionalSuffixes = [
        "/GetShardLeaders", "/ShowPartitions", "/DescribeCollection", "/DescribeCollectionInternal", "/ShowCollections",
        "/AssignSegmentID", "/AllocID", "/GetCollectionStatistics", "/DescribeDatabase", "/ListDatabases",
    ]

    /// `traces`: the server spans of each joined trace.
    package init(traces: [[Span]], map: ComponentMap) {
        var presence: [String: Int] = [:]
        var parents: [String: [String: Int]] = [:]
        var sample: [String: Span] = [:]
        var parentNames: Set<String> = []
        for spans in traces {
            parentNames.formUnion(Self.wrappers(in: spans))
            let byID = Dictionary(spans.map { ($0.spanID, $0) }, uniquingKeysWith: { first, _ in first })
            var names: Set<String> = []
            for span in spans {
                names.insert(span.name)
                sample[span.name] = sample[span.name] ?? span
                if let parent = span.parentSpanID.flatMap({ byID[$0] }) {
                    parents[span.name, default: [:]][parent.name, default: 0] += 1
                    parentNames.insert(parent.name)
                }
            }
            for name in names { presence[name, default: 0] += 1 }
        }
        let count = traces.count
        let threshold = max(Self.minimumTraces, Int((Self.minimumShare * Double(count)).rounded(.up)))
        self.traces = count
        self.presence = presence
        self.parentNames = parentNames
        expected =
            presence
            .filter { name, present in
                present >= threshold && present < count && !Self.optionalSuffixes.contains { name.hasSuffix($0) }
            }
            .map { name, present in
                Expected(
                    name: name, component: map.component(of: sample[name]!),
                    parent: parents[name]?.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key, present: present)
            }
            .sorted { ($0.present, $1.name) > ($1.present, $0.name) }
    }

    /// Childless spans of one trace that enclose a span with children which is not their ancestor.
    static func wrappers(in spans: [Span]) -> Set<String> {
        let parents = Set(spans.compactMap(\.parentSpanID))
        let byID = Dictionary(spans.map { ($0.spanID, $0) }, uniquingKeysWith: { first, _ in first })
        func isAncestor(_ candidate: Span, of span: Span) -> Bool {
            var current = span.parentSpanID
            var steps = 0
            while let id = current, steps < 64 {
                if id == candidate.spanID { return true }
                current = byID[id]?.parentSpanID
                steps += 1
            }
            return false
        }
        let subtrees = spans.filter { parents.contains($0.spanID) }
        var names: Set<String> = []
        for leaf in spans where !parents.contains(leaf.spanID) {
            let encloses = subtrees.contains { other in
                other.startUnixNanos >= leaf.startUnixNanos && other.endUnixNanos <= leaf.endUnixNanos
                    && other.durationNanos > 0 && !isAncestor(other, of: leaf)
            }
            if encloses { names.insert(leaf.name) }
        }
        return names
    }

    /// The expected names that `spans` (one trace's server spans) lacks.
    package func missing(in spans: [Span]) -> [String] {
        guard !expected.isEmpty else { return [] }
        let names = Set(spans.map(\.name))
        return expected.map(\.name).filter { !names.contains($0) }
    }
}
