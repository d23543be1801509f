import Testing
import TraceContext

@testable import Analysis
@testable import Traces

/// A trace's server spans made nodes: each node's parent, whether it is a parent, and whether
/// its parent is in the trace, against their definitions worked span by span — for traces of a
/// handful of spans (scanned) and of hundreds (found through tables), with duplicate ids,
/// missing parents and client spans among them.
@Suite struct ServerTraceTests {
    @Test(arguments: [8, 64, 65, 400])
    func nodesFollowTheirDefinitions(count: Int) {
        var state: UInt64 = 0x5eed_0000 | UInt64(count)
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let trace = TraceID(high: 1, low: 2)
        // Ids 1...count, a few repeated; parents among earlier ids, a few absent (id 10_000+).
        let spans: [Span] = (1...count).map { i in
            let id = UInt64(next(10) == 0 ? max(1, i - 1) : i)
            let parent: UInt64? = i == 1 ? nil : (next(12) == 0 ? UInt64(10_000 + i) : UInt64(1 + next(i - 1)))
            return Span(
                traceID: trace, spanID: id, parentSpanID: parent, name: "s\(next(5))",
                service: next(6) == 0 ? "client" : "standalone", kind: .internal,
                startUnixNanos: UInt64(i), endUnixNanos: UInt64(i + 10))
        }
        var catalog = SpanCatalog(map: .milvusDefaults)
        let server = ServerTrace(spans[...], requestSpanID: nil, clientService: "client", catalog: &catalog)
        let chosen = spans.filter { $0.service != "client" }
        #expect(server.nodes.count == chosen.count)
        for (node, span) in zip(server.nodes, chosen) {
            #expect(node.spanID == span.spanID && node.hasParent == (span.parentSpanID != nil))
            let first = span.parentSpanID.flatMap { id in chosen.firstIndex { $0.spanID == id } }
            #expect(node.parent == Int32(first ?? -1))
            #expect(node.isParent == chosen.contains { $0.parentSpanID == span.spanID })
            #expect(node.parentInTrace == (span.parentSpanID.map { id in spans.contains { $0.spanID == id } } ?? false))
        }
    }
}
