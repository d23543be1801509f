import Traces

/// Jaeger UI's critical path (1.33+): from the root, take the child that finished last; then,
/// repeatedly, the child that finished before the start of the one taken last; the time between a
/// taken child's end and the current return point is the parent's; recurse into the child; what
/// is left before the earliest taken child is the parent's too. Children are first clipped to
/// their parent's interval. The sections cover the root's interval exactly, so they add up to its
/// duration.
package enum CriticalPath {
    /// One span's share of the critical path.
    package struct Section: Sendable {
        package var span: Span
        /// Time on the critical path held by the span itself (not by a child on the path).
        package var nanos: UInt64
        /// Whether the span has children in this trace.
        package var hasChildren: Bool
        /// The intervals (Unix ns) the span holds on the path.
        package var intervals: [(UInt64, UInt64)]
    }

    /// A section by the span's place in a `ServerTrace`'s nodes.
    struct NodeSection: Sendable {
        var node: Int
        var nanos: UInt64
        var hasChildren: Bool
        var intervals: [(UInt64, UInt64)]
    }

    /// The critical path's sections under `root`, one per span on the path.
    package static func sections(root: Span, spans: [Span]) -> [Section] {
        var catalog = SpanCatalog(map: ComponentMap(rules: []))
        let all = [root] + spans
        // `root` is node 0; the same span again among `spans` is a duplicate id, never its own child.
        return sections(root: 0, nodes: ServerTrace.nodes(of: all, in: all, catalog: &catalog)).map { section in
            Section(
                span: section.node == 0 ? root : spans[section.node - 1], nanos: section.nanos,
                hasChildren: section.hasChildren, intervals: section.intervals)
        }
    }

    /// The sections under `nodes[root]`; a span that shares the root's id is nobody's child.
    static func sections(root: Int, nodes: [ServerTrace.Node]) -> [NodeSection] {
        var out: [NodeSection] = []
        var visited: [UInt64] = [nodes[root].spanID]
        visit(root, start: nodes[root].start, end: nodes[root].end, nodes: nodes, visited: &visited, out: &out)
        return out
    }

    private static func visit(
        _ node: Int, start: UInt64, end: UInt64, nodes: [ServerTrace.Node], visited: inout [UInt64],
        out: inout [NodeSection]
    ) {
        let id = nodes[node].spanID
        let rootID = visited[0]
        // Children clipped to this span's (clipped) interval, latest end first.
        var clipped: [(node: Int, start: UInt64, end: UInt64)] = []
        for (j, child) in nodes.enumerated()
        where child.hasParent && child.parentID == id && child.spanID != rootID && !visited.contains(child.spanID) {
            let s = max(child.start, start)
            let e = min(child.end, end)
            if s <= e { clipped.append((j, s, e)) }
        }
        clipped.sort { $0.end > $1.end }
        var own: [(UInt64, UInt64)] = []
        var current = end
        var first = true
        for child in clipped
        where (first ? child.end <= current : child.end < current) && !visited.contains(nodes[child.node].spanID) {
            own.append((child.end, current))
            first = false
            visited.append(nodes[child.node].spanID)
            visit(child.node, start: child.start, end: child.end, nodes: nodes, visited: &visited, out: &out)
            current = child.start
        }
        own.append((start, current))
        out.append(
            NodeSection(
                node: node, nanos: own.reduce(0) { $0 + ($1.1 - $1.0) }, hasChildren: !clipped.isEmpty, intervals: own))
    }

    /// Disjoint, sorted intervals covering the same time as `intervals` (sorted and merged in
    /// place: a temporary passed in is not copied).
    static func union(_ intervals: consuming [(UInt64, UInt64)]) -> [(UInt64, UInt64)] {
        var merged = intervals
        guard merged.count > 1 else { return merged }
        merged.sort { $0.0 < $1.0 }
        var last = 0
        for i in 1..<merged.count {
            if merged[i].0 <= merged[last].1 {
                merged[last].1 = max(merged[last].1, merged[i].1)
            } else {
                last += 1
                merged[last] = merged[i]
            }
        }
        merged.removeLast(merged.count - last - 1)
        return merged
    }

    static func overlapLength(_ interval: (UInt64, UInt64), _ disjoint: [(UInt64, UInt64)]) -> UInt64 {
        disjoint.reduce(0) { sum, other in
            let s = max(interval.0, other.0)
            let e = min(interval.1, other.1)
            return e > s ? sum + (e - s) : sum
        }
    }
}
