import Traces

/// Jaeger UI's critical path (1.33+): from the root, repeatedly take the child that finished last
/// before the current return point; the time between that child's end and the return point is
/// the parent's; recurse into the child; what is left before the earliest such child is the
/// parent's too. Children are first clipped to their parent's interval. The sections cover the
/// root's interval exactly, so they add up to its duration.
public enum CriticalPath {
    /// Nanoseconds on the critical path per span id, for the tree under `root`.
    public static func sections(root: Span, spans: [Span]) -> [(span: Span, nanos: UInt64)] {
        var children: [UInt64: [Span]] = [:]
        for span in spans where span.spanID != root.spanID {
            if let parent = span.parentSpanID { children[parent, default: []].append(span) }
        }
        var out: [(Span, UInt64)] = []
        var visited: Set<UInt64> = [root.spanID]
        visit(root, start: root.startUnixNanos, end: root.endUnixNanos, children: children, visited: &visited, out: &out)
        return out
    }

    private static func visit(_ span: Span, start: UInt64, end: UInt64, children: [UInt64: [Span]],
                              visited: inout Set<UInt64>, out: inout [(Span, UInt64)]) {
        // Children clipped to this span's (clipped) interval, latest end first.
        let clipped = (children[span.spanID] ?? [])
            .filter { !visited.contains($0.spanID) }
            .compactMap { child -> (Span, UInt64, UInt64)? in
                let s = max(child.startUnixNanos, start), e = min(child.endUnixNanos, end)
                return s <= e ? (child, s, e) : nil
            }
            .sorted { $0.2 > $1.2 }
        var current = end
        var own: UInt64 = 0
        for (child, childStart, childEnd) in clipped where childEnd <= current && !visited.contains(child.spanID) {
            own += current - childEnd
            visited.insert(child.spanID)
            visit(child, start: childStart, end: childEnd, children: children, visited: &visited, out: &out)
            current = childStart
        }
        own += current - start
        out.append((span, own))
    }
}
