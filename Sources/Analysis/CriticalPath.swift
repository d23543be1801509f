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
        /// The part of `nanos` during which none of the span's children ran at all: time inside the
        /// span that no child span covers.
        package var childless: UInt64
        /// Whether the span has children in this trace.
        package var hasChildren: Bool
        /// The intervals (Unix ns) the span holds on the path.
        package var intervals: [(UInt64, UInt64)]
    }

    /// The critical path's sections under `root`, one per span on the path.
    package static func sections(root: Span, spans: [Span]) -> [Section] {
        var children: [UInt64: [Span]] = [:]
        for span in spans where span.spanID != root.spanID {
            if let parent = span.parentSpanID { children[parent, default: []].append(span) }
        }
        var out: [Section] = []
        var visited: Set<UInt64> = [root.spanID]
        visit(
            root, start: root.startUnixNanos, end: root.endUnixNanos, children: children, visited: &visited, out: &out)
        return out
    }

    private static func visit(
        _ span: Span, start: UInt64, end: UInt64, children: [UInt64: [Span]],
        visited: inout Set<UInt64>, out: inout [Section]
    ) {
        // Children clipped to this span's (clipped) interval, latest end first.
        let clipped = (children[span.spanID] ?? [])
            .filter { !visited.contains($0.spanID) }
            .compactMap { child -> (span: Span, start: UInt64, end: UInt64)? in
                let s = max(child.startUnixNanos, start)
                let e = min(child.endUnixNanos, end)
                return s <= e ? (child, s, e) : nil
            }
            .sorted { $0.end > $1.end }
        let covered = union(clipped.map { ($0.start, $0.end) })
        var own: [(UInt64, UInt64)] = []
        var current = end
        var first = true
        for child in clipped
        where (first ? child.end <= current : child.end < current) && !visited.contains(child.span.spanID) {
            own.append((child.end, current))
            first = false
            visited.insert(child.span.spanID)
            visit(child.span, start: child.start, end: child.end, children: children, visited: &visited, out: &out)
            current = child.start
        }
        own.append((start, current))
        let nanos = own.reduce(0) { $0 + ($1.1 - $1.0) }
        let overlap = own.reduce(0) { $0 + overlapLength($1, covered) }
        out.append(
            Section(span: span, nanos: nanos, childless: nanos - overlap, hasChildren: !clipped.isEmpty, intervals: own)
        )
    }

    /// Disjoint, sorted intervals covering the same time as `intervals`.
    static func union(_ intervals: [(UInt64, UInt64)]) -> [(UInt64, UInt64)] {
        var merged: [(UInt64, UInt64)] = []
        for (s, e) in intervals.sorted(by: { $0.0 < $1.0 }) {
            if let last = merged.last, s <= last.1 {
                merged[merged.count - 1].1 = max(last.1, e)
            } else {
                merged.append((s, e))
            }
        }
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
