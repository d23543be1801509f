import TestFixtures
import Testing

@testable import Analysis
@testable import Traces

/// Another client's traffic (the tutorial's instrumented pymilvus) in the recorded Milvus 2.3.5 traces.
@Suite struct ClientTrafficTests {
    @Test func joinsEverySampledRequestAndComponentsSumToItsLatency() throws {
        let spans = try Fixtures.spans("milvus-2.3.5/server-fraction-0-client-0.5.jsonl")
        let analysis = ClientTraffic.analyse(spans: spans, clientService: "milvus-client", map: .milvusDefaults)
        let total = analysis.breakdowns.reduce(0) { $0 + $1.coverage.sampled }
        let joined = analysis.breakdowns.reduce(0) { $0 + $1.coverage.joined }
        #expect(total == 32)
        #expect(joined == 32)
        let search = try #require(analysis.breakdowns.first { $0.operation == "Search" })
        #expect(search.coverage.sampled == 15 && search.coverage.joined == 15)
        #expect(search.maxSumErrorPercent < 0.001)
        let serverComponents = search.components.map(\.component).filter { $0 != Attribution.clientAndWire }
        #expect(serverComponents.count >= 3, "\(serverComponents)")
        #expect(abs(search.components.reduce(0) { $0 + $1.shareOfMean } - 1) < 1e-9)
        #expect(search.slowestTrace.first?.name == "client: Search")
        #expect(search.slowestTrace.contains { $0.name == "Proxy-Search" && $0.depth >= 2 })
    }

    /// An application's own spans around its Milvus calls (a request handler, a span it makes
    /// itself) are not requests: with the gRPC instrumentation's spans present, only they count.
    @Test func anApplicationsOwnSpansAreNotRequests() throws {
        var spans = try Fixtures.spans("milvus-2.3.5/server-fraction-0-client-0.5.jsonl")
        let call = try #require(spans.first { $0.service == "milvus-client" && $0.name.hasSuffix("/Search") })
        var handler = call
        handler.name = "GET /recommendations"
        handler.spanID = 0xfeed
        handler.parentSpanID = nil
        handler.kind = .server
        spans.append(handler)
        let analysis = ClientTraffic.analyse(spans: spans, clientService: "milvus-client", map: .milvusDefaults)
        #expect(!analysis.breakdowns.contains { $0.operation == "GET /recommendations" })
        #expect(analysis.breakdowns.reduce(0) { $0 + $1.coverage.sampled } == 32)
    }

    @Test func serverBackgroundWorkIsIgnored() throws {
        let spans = try Fixtures.spans("milvus-2.3.5/server-fraction-1.jsonl")
        let analysis = ClientTraffic.analyse(spans: spans, clientService: "milvus-client", map: .milvusDefaults)
        #expect(analysis.breakdowns.reduce(0) { $0 + $1.coverage.sampled } == 60)
        #expect(analysis.breakdowns.reduce(0) { $0 + $1.coverage.serverSpans } == 426)
        #expect(analysis.evidence.foreignSpans == 1609 - 60 - 426)
    }

    @Test func diagnosesTheFlags03Trap() throws {
        let spans = try Fixtures.spans("milvus-2.3.5/client-flags-03-not-joined.jsonl")
        let analysis = ClientTraffic.analyse(spans: spans, clientService: "milvus-client", map: .milvusDefaults)
        let search = try #require(analysis.breakdowns.first { $0.operation == "Search" })
        #expect(search.coverage.joined == 0 && search.coverage.sampled == 10)
        let diagnosis = try #require(search.coverage.diagnosis)
        #expect(diagnosis.contains("did not propagate") && diagnosis.contains("exactly 01"))
    }

    /// Milvus 2.3 starts a query's `RetrieveTask` beside `Proxy-Query`, not under it: the
    /// critical path (as Jaeger draws it) runs through the childless `Proxy-Query`, whose time is
    /// the wait for that task. It counts as untraced, not as the proxy's work; and the client side
    /// of an internal gRPC call (its hop) never does.
    @Test func aWrapperSpanThatWaitsForItsSiblingHoldsUntracedTime() throws {
        let spans = try Fixtures.spans("milvus-2.3.5/server-fraction-0-client-0.5.jsonl")
        var catalog = SpanCatalog(map: .milvusDefaults)
        let withoutClientQueries = ServerTrace(
            spans.filter { $0.name != "/milvus.proto.milvus.MilvusService/Query" }[...], requestSpanID: nil,
            clientService: "", catalog: &catalog)
        #expect(
            TraceShape.wrappers(in: withoutClientQueries, catalog: catalog).map { catalog.names[Int($0)] }.contains(
                "Proxy-Query"))
        let analysis = ClientTraffic.analyse(spans: spans, clientService: "milvus-client", map: .milvusDefaults)
        let query = try #require(analysis.breakdowns.first { $0.operation == "Query" })
        let top = try #require(query.untraced?.first)
        #expect(top.span == "Proxy-Query" && top.meanMs > 0.5, "\(query.untraced ?? [])")
        let proxy = try #require(query.components.first { $0.component == "proxy" })
        #expect((proxy.uncoveredMs ?? 0) > 0.5 * proxy.meanMs)
        let search = try #require(analysis.breakdowns.first { $0.operation == "Search" })
        #expect(
            !(search.untraced ?? []).contains { $0.span == "milvus.proto.rootcoord.RootCoord/AllocTimestamp" },
            "\(search.untraced ?? [])")
    }

    /// Light load: no span name is missing from some traces and present in others (the one
    /// `GetShardLeaders` is a cache miss), so every joined trace counts as complete.
    @Test func tracesOfALightlyLoadedMilvusAreComplete() throws {
        for file in ["milvus-2.3.5/server-fraction-0-client-0.5.jsonl", "milvus-2.3.5/server-fraction-1.jsonl"] {
            let analysis = ClientTraffic.analyse(
                spans: try Fixtures.spans(file), clientService: "milvus-client", map: .milvusDefaults)
            for b in analysis.breakdowns {
                #expect(b.coverage.complete == b.coverage.joined, "\(file) \(b.operation): \(b.coverage.missing ?? [])")
                #expect(b.completeComponents == nil && b.coverage.completeness == nil)
            }
        }
    }
}
