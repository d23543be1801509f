import Scenario
import TestFixtures
import Testing
import TraceContext

@testable import Analysis
@testable import Traces

@Suite struct ComponentMapTests {
    /// Every server span of the recorded 2.3.5 traces has a named component: none falls through to
    /// the process (`standalone`) or a catch-all.
    @Test func everyRecordedStandaloneSpanHasANamedComponent() throws {
        let files = [
            "milvus-2.3.5/server-fraction-1.jsonl", "milvus-2.3.5/search-under-load/spans.jsonl",
            "milvus-2.3.5/client-flags-03-not-joined.jsonl",
        ]
        let known: Set = [
            "proxy", "rootcoord", "querycoord", "querynode", "datacoord", "datanode", "indexnode", "segcore",
        ]
        for file in files {
            let spans = try Fixtures.spans(file).filter { $0.service != "milvus-client" }
            let unknown = Set(
                spans.filter { !known.contains(ComponentMap.milvusDefaults.component(of: $0)) }.map(\.name))
            #expect(unknown.isEmpty, "\(file): \(unknown.sorted())")
        }
    }

    @Test func clusterPodsAreTheirRoleAndCallsAreTheirCallee() {
        let map = ComponentMap.milvusDefaults
        func span(_ name: String, _ service: String, _ kind: Span.Kind = .internal) -> Span {
            Span(
                traceID: TraceID(high: 0, low: 1), spanID: 1, parentSpanID: nil, name: name, service: service,
                kind: kind, startUnixNanos: 0, endUnixNanos: 1)
        }
        // 2.6 runs the shard delegator in the streaming node: its spans are the streaming node's,
        // whatever their names say.
        #expect(map.component(of: span("Delegator-waitTSafe", "streamingnode")) == "streamingnode")
        #expect(
            map.component(of: span("milvus.proto.query.QueryNode/Search", "streamingnode", .server)) == "streamingnode")
        #expect(map.component(of: span("schedule", "querynode")) == "querynode")
        #expect(
            map.component(of: span("milvus.proto.rootcoord.RootCoord/AllocTimestamp", "mixcoord", .server))
                == "mixcoord")
        // The client side of a call waits for its callee, in whichever process it runs.
        #expect(map.component(of: span("milvus.proto.query.QueryNode/Search", "proxy", .client)) == "querynode")
        #expect(
            map.component(of: span("milvus.proto.rootcoord.RootCoord/AllocTimestamp", "standalone", .client))
                == "rootcoord")
        // A standalone server's 2.5/2.6 names, and segcore wherever it runs.
        #expect(map.component(of: span("init search request", "standalone")) == "proxy")
        #expect(map.component(of: span("searchReduceOperator", "standalone")) == "proxy")
        #expect(map.component(of: span("schedule", "standalone")) == "querynode")
        #expect(map.component(of: span("ReduceHelper::Reduce", "segcore")) == "segcore")
        // No catch-all: an unknown span belongs to its service, even an unknown one.
        #expect(map.component(of: span("SomethingNew", "standalone")) == "standalone")
        #expect(map.component(of: span("anything", "my-milvus-fork")) == "my-milvus-fork")
    }

    @Test func scenarioRulesComeFirstAndMayNameTheService() {
        let map = ComponentMap.milvusDefaults.extended(with: [
            ComponentRule(prefix: "Proxy-Search-Execute", component: "search-execute"),
            ComponentRule(service: "gateway", kind: .server, component: "gw-{service}"),
            ComponentRule(service: "edge", component: ComponentRule.servicePlaceholder),
        ])
        func span(_ name: String, _ service: String, _ kind: Span.Kind) -> Span {
            Span(
                traceID: TraceID(high: 0, low: 1), spanID: 1, parentSpanID: nil, name: name, service: service,
                kind: kind, startUnixNanos: 0, endUnixNanos: 1)
        }
        #expect(map.component(of: span("Proxy-Search-Execute", "standalone", .internal)) == "search-execute")
        #expect(map.component(of: span("Proxy-Search", "standalone", .internal)) == "proxy")
        // `{service}` is replaced only when it is the whole name.
        #expect(map.component(of: span("x", "gateway", .server)) == "gw-{service}")
        #expect(map.component(of: span("x", "gateway", .client)) == "gateway")
        #expect(map.component(of: span("x", "edge", .client)) == "edge")
    }
}
