import Testing
import TraceContext

@testable import Analysis
@testable import Traces

/// A Milvus 2.6 cluster search, synthetic: the span names, services, nesting and timings are those
/// of a published Jaeger trace of a 2.6 cluster (proxy and streaming node pods), with span kinds as
/// otelgrpc sets them and a client span around it.
@Suite struct ClusterTraceTests {
    static let trace = TraceID(high: 0x61a1_0cf1_3ea9_7b69, low: 0xe7b8_5515_9210_dde7)

    /// (id, parent, service, name, kind, start offset ms, duration ms)
    static let shape: [(UInt64, UInt64?, String, String, Span.Kind, Double, Double)] = [
        (100, nil, "milvus-client", "/milvus.proto.milvus.MilvusService/Search", .client, -0.5865, 3.662),
        (1, 100, "proxy", "milvus.proto.milvus.MilvusService/Search", .server, 0, 2.489),
        (2, 1, "proxy", "Proxy-Search", .internal, 0.113, 2.24),
        (3, 2, "proxy", "SearchTask", .internal, 0.153, 2.168),
        (4, 3, "proxy", "Proxy-Search-PreExecute", .internal, 0.157, 0.11),
        (5, 4, "proxy", "init search request", .internal, 0.185, 0.073),
        (6, 3, "proxy", "Proxy-Search-Execute", .internal, 0.269, 2.001),
        (7, 6, "proxy", "milvus.proto.query.QueryNode/Search", .client, 0.316, 1.937),
        (8, 7, "streamingnode", "milvus.proto.query.QueryNode/Search", .server, 0.44, 1.645),
        (9, 8, "streamingnode", "Delegator-waitTSafe", .internal, 0.557, 0),
        (10, 8, "streamingnode", "schedule", .internal, 0.601, 0.018),
        (11, 3, "proxy", "Proxy-Search-PostExecute", .internal, 2.274, 0.044),
        (12, 11, "proxy", "searchReduceOperator", .internal, 2.288, 0.01),
        (13, 2, "proxy", "reduceResults", .internal, 2.288, 0.006),
        (14, 13, "proxy", "decodeSearchResults", .internal, 2.289, 0.002),
    ]

    static var spans: [Span] {
        let origin: Double = 1_800_000_000_000_000_000
        return shape.map { id, parent, service, name, kind, offset, duration in
            let start = UInt64(origin + offset * 1e6)
            return Span(
                traceID: trace, spanID: id, parentSpanID: parent, name: name, service: service, kind: kind,
                startUnixNanos: start, endUnixNanos: start + UInt64((duration * 1e6).rounded()))
        }
    }

    @Test func theHopBetweenPodsIsItsOwnComponentAndNothingIsCatchAll() throws {
        let analysis = ClientTraffic.analyse(spans: Self.spans, clientService: "milvus-client", map: .milvusDefaults)
        let search = try #require(analysis.breakdowns.first)
        #expect(search.coverage.joined == 1)
        let components = Dictionary(uniqueKeysWithValues: search.components.map { ($0.component, $0.meanMs) })
        #expect(
            Set(components.keys) == ["client+wire", "proxy", "streamingnode", "net:proxy→streamingnode"],
            "\(components)")
        // The proxy's client span (1.937 ms) minus the streaming node's server span (1.645 ms).
        #expect(abs(components["net:proxy→streamingnode"]! - 0.292) < 1e-6)
        #expect(abs(components["client+wire"]! - (3.662 - 2.489)) < 1e-6)
        #expect(abs(search.components.reduce(0) { $0 + $1.meanMs } - 3.662) < 1e-6)
        // The hop is a measured component, not untraced time; the tree names it too.
        #expect(search.components.first { $0.component.hasPrefix("net:") }?.uncoveredMs == nil)
        #expect(search.slowestTrace.contains { $0.component == "net:proxy→streamingnode" && $0.service == "proxy" })
    }

    /// The trace as Jaeger holds it without the application's span: Milvus's root span is the request.
    @Test func aTraceWithoutItsClientSpanIsAnalysedFromMilvusRoot() throws {
        let spans = Self.spans.filter { $0.service != "milvus-client" }
        #expect(ClientTraffic.detectClientService(in: spans) == nil)
        let analysis = ClientTraffic.analyseServerRoots(spans: spans, map: .milvusDefaults)
        let search = try #require(analysis.breakdowns.first)
        #expect(search.operation == "Search" && search.coverage.joined == 1)
        #expect(Set(search.components.map(\.component)) == ["proxy", "streamingnode", "net:proxy→streamingnode"])
        #expect(abs(search.components.reduce(0) { $0 + $1.meanMs } - 2.489) < 1e-6)
        #expect(ClientTraffic.detectClientService(in: Self.spans) == "milvus-client")
    }

    /// Exporters that leave the span kind out: a call's client and server spans still share the
    /// gRPC method's name.
    @Test func theHopIsFoundWithoutSpanKinds() throws {
        let spans = Self.spans.map { span -> Span in
            var span = span
            if span.service != "milvus-client" { span.kind = .unspecified }
            return span
        }
        let analysis = ClientTraffic.analyse(spans: spans, clientService: "milvus-client", map: .milvusDefaults)
        let search = try #require(analysis.breakdowns.first)
        #expect(
            search.components.contains { $0.component == "net:proxy→streamingnode" && abs($0.meanMs - 0.292) < 1e-6 })
    }
}
