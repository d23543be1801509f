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

    /// A section by the span's place in a `ServerTrace`'s nodes; its intervals are
    /// `Workspace.intervals[firstInterval..<firstInterval + intervalCount]`.
    struct NodeSection: Sendable {
        var node: Int
        var nanos: UInt64
        var hasChildren: Bool
        var firstInterval: Int
        var intervalCount: Int
    }

    /// Arrays reused from one trace to the next: a walk allocates nothing once they have grown.
    struct Workspace: Sendable {
        var sections: [NodeSection] = []
        var intervals: [(UInt64, UInt64)] = []
        var visited: [UInt64] = []
        /// Stacks: each visit's clipped children and own intervals, above its callers'.
        var clipped: [(node: Int, start: UInt64, end: UInt64)] = []
        var own: [(UInt64, UInt64)] = []
    }

    /// The critical path's sections under `root`, one per span on the path.
    package static func sections(root: Span, spans: [Span]) -> [Section] {
        var catalog = SpanCatalog(map: ComponentMap(rules: []))
        let all = [root] + spans
        var workspace = Workspace()
        // `root` is node 0; the same span again among `spans` is a duplicate id, never its own child.
        sections(root: 0, nodes: ServerTrace.nodes(of: all, in: all[...], catalog: &catalog), into: &workspace)
        return workspace.sections.map { section in
            Section(
                span: section.node == 0 ? root : spans[section.node - 1], nanos: section.nanos,
                hasChildren: section.hasChildren,
                intervals: Array(
                    workspace.intervals[section.firstInterval..<section.firstInterval + section.intervalCount]))
        }
    }

    /// The sections under `nodes[root]` into `workspace.sections` (and their intervals); a span
    /// that shares the root's id is nobody's child.
    static func sections(root: Int, nodes: [ServerTrace.Node], into workspace: inout Workspace) {
        workspace.sections.removeAll(keepingCapacity: true)
        workspace.intervals.removeAll(keepingCapacity: true)
        workspace.visited.removeAll(keepingCapacity: true)
        workspace.visited.append(nodes[root].spanID)
        visit(root, start: nodes[root].start, end: nodes[root].end, nodes: nodes, workspace: &workspace)
    }

    private static func visit(
        _ node: Int, start: UInt64, end: UInt64, nodes: [ServerTrace.Node], workspace: inout Workspace
    ) {
        let id = nodes[node].spanID
        let rootID = workspace.visited[0]
        // Children clipped to this span's (clipped) interval, latest end first.
        let firstChild = workspace.clipped.count
        for (j, child) in nodes.enumerated()
        where child.hasParent && child.parentID == id && child.spanID != rootID
            && !workspace.visited.contains(child.spanID)
        {
            let s = max(child.start, start)
            let e = min(child.end, end)
            if s <= e { workspace.clipped.append((j, s, e)) }
        }
        let endChild = workspace.clipped.count
        workspace.clipped[firstChild..<endChild].sort { $0.end > $1.end }
        let firstOwn = workspace.own.count
        var current = end
        var first = true
        for c in firstChild..<endChild {
            let child = workspace.clipped[c]
            guard (first ? child.end <= current : child.end < current),
                !workspace.visited.contains(nodes[child.node].spanID)
            else { continue }
            workspace.own.append((child.end, current))
            first = false
            workspace.visited.append(nodes[child.node].spanID)
            visit(child.node, start: child.start, end: child.end, nodes: nodes, workspace: &workspace)
            current = child.start
        }
        workspace.own.append((start, current))
        var nanos: UInt64 = 0
        for interval in workspace.own[firstOwn...] { nanos += interval.1 - interval.0 }
        workspace.sections.append(
            NodeSection(
                node: node, nanos: nanos, hasChildren: endChild > firstChild,
                firstInterval: workspace.intervals.count, intervalCount: workspace.own.count - firstOwn))
        workspace.intervals.append(contentsOf: workspace.own[firstOwn...])
        workspace.own.removeSubrange(firstOwn...)
        workspace.clipped.removeSubrange(firstChild...)
    }

    /// Disjoint, sorted intervals covering the same time as `intervals` (sorted and merged in
    /// place).
    static func union(_ intervals: consuming [(UInt64, UInt64)]) -> [(UInt64, UInt64)] {
        var merged = intervals
        merge(&merged)
        return merged
    }

    /// `intervals` made disjoint and sorted, in place.
    static func merge(_ intervals: inout [(UInt64, UInt64)]) {
        guard intervals.count > 1 else { return }
        intervals.sort { $0.0 < $1.0 }
        var last = 0
        for i in 1..<intervals.count {
            if intervals[i].0 <= intervals[last].1 {
                intervals[last].1 = max(intervals[last].1, intervals[i].1)
            } else {
                last += 1
                intervals[last] = intervals[i]
            }
        }
        intervals.removeLast(intervals.count - last - 1)
    }

    static func overlapLength(_ interval: (UInt64, UInt64), _ disjoint: [(UInt64, UInt64)]) -> UInt64 {
        disjoint.reduce(0) { sum, other in
            let s = max(interval.0, other.0)
            let e = min(interval.1, other.1)
            return e > s ? sum + (e - s) : sum
        }
    }
}
