import Traces

/// One request's server spans, as attribution walks them: times, ids and numbered types in one
/// flat array, each span's parent found once. Spans keep their order in the trace, so that every
/// "first" and every tie is decided as it would be over the spans themselves. A class: made once,
/// read many times, and passed around by a hundred thousand attributions without copying.
package final class ServerTrace: Sendable {
    struct Node: Sendable {
        var start: UInt64
        var end: UInt64
        var spanID: UInt64
        /// The parent's id; meaningful only when `hasParent`.
        var parentID: UInt64
        /// The first server span whose id is `parentID`, or -1.
        var parent: Int32
        var type: Int32
        var hasParent: Bool
        /// Whether the parent is any span of the trace (client spans included).
        var parentInTrace: Bool
        /// Whether some server span's parent has this span's id.
        var isParent = false

        var duration: UInt64 { end - start }
    }

    let nodes: [Node]
    /// The whole trace (shared, not copied): what the slowest request's tree is drawn from.
    let spans: ArraySlice<Span>
    /// The request's own span id: not a server span even if it were not the client's service.
    let requestSpanID: UInt64?
    let clientService: String

    /// The server spans of `spans`: those that are neither the request's span nor the client's.
    init(_ spans: ArraySlice<Span>, requestSpanID: UInt64?, clientService: String, catalog: inout SpanCatalog) {
        self.spans = spans
        self.requestSpanID = requestSpanID
        self.clientService = clientService
        nodes = Self.nodes(
            of: spans.lazy.filter { Self.isServer($0, requestSpanID: requestSpanID, clientService: clientService) },
            in: spans, catalog: &catalog)
    }

    /// Nodes of `chosen`, a part of `spans` (the whole trace), in their order.
    static func nodes(of chosen: some Sequence<Span>, in spans: ArraySlice<Span>, catalog: inout SpanCatalog) -> [Node] {
        // A Milvus trace has a handful of spans, where scanning beats hashing; one that fans out
        // over thousands of segments gets tables, so that finding parents stays linear.
        let large = spans.count > 64
        let inTrace: Set<UInt64> = large ? Set(spans.map(\.spanID)) : []
        var nodes: [Node] = []
        nodes.reserveCapacity(spans.count)
        for span in chosen {
            let parentInTrace =
                span.parentSpanID.map { id in large ? inTrace.contains(id) : spans.contains { $0.spanID == id } }
                ?? false
            nodes.append(
                Node(
                    start: span.startUnixNanos, end: span.endUnixNanos, spanID: span.spanID,
                    parentID: span.parentSpanID ?? 0, parent: -1, type: catalog.type(of: span),
                    hasParent: span.parentSpanID != nil, parentInTrace: parentInTrace))
        }
        if large {
            var first: [UInt64: Int32] = [:]
            for (i, node) in nodes.enumerated() where first[node.spanID] == nil { first[node.spanID] = Int32(i) }
            let parents = Set(nodes.lazy.filter(\.hasParent).map(\.parentID))
            for i in nodes.indices {
                if nodes[i].hasParent, let p = first[nodes[i].parentID] { nodes[i].parent = p }
                nodes[i].isParent = parents.contains(nodes[i].spanID)
            }
        } else {
            for i in nodes.indices where nodes[i].hasParent {
                let id = nodes[i].parentID
                if let p = nodes.firstIndex(where: { $0.spanID == id }) { nodes[i].parent = Int32(p) }
                for j in nodes.indices where nodes[j].spanID == id { nodes[j].isParent = true }
            }
        }
        return nodes
    }

    static func isServer(_ span: Span, requestSpanID: UInt64?, clientService: String) -> Bool {
        span.spanID != requestSpanID && span.service != clientService
    }

    /// The server spans themselves (for the slowest request's tree).
    var serverSpans: [Span] {
        spans.filter { Self.isServer($0, requestSpanID: requestSpanID, clientService: clientService) }
    }
}
