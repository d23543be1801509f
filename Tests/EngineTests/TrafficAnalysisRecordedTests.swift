import Analysis
import Foundation
import Results
import TestFixtures
import Testing
import Traces

@testable import Engine

/// Correlation gives today what it gave before it was rewritten for speed: every recorded input's
/// breakdowns equal the ones the earlier build wrote (Tests/Fixtures/correlation, its README).
@Suite struct TrafficAnalysisRecordedTests {
    @Test(arguments: [
        ("milvus-2.3.5/server-fraction-1.jsonl", nil, "server-fraction-1"),
        ("milvus-2.3.5/server-fraction-0-client-0.5.jsonl", nil, "server-fraction-0-client-0.5"),
        ("milvus-2.3.5/client-flags-03-not-joined.jsonl", nil, "client-flags-03-not-joined"),
        ("milvus-2.3.5/search-under-load/spans.jsonl", nil, "search-under-load_spans"),
        ("jaeger/jaeger-v1-api-response-data-envelope.json", "example-trace", "jaeger-v1-api-response-data-envelope"),
        ("jaeger/jaeger-v1-trace-petclinic-2svc.json", "api-gateway", "jaeger-v1-trace-petclinic-2svc"),
        ("jaeger/tempo-v1-trace-by-id-batches.json", "istio-ingressgateway.istio-system", "tempo-v1-trace-by-id-batches"),
        ("jaeger/jaeger-v1-trace-edgecases-ui_01.json", "service-x", "jaeger-v1-trace-edgecases-ui_01"),
        ("jaeger/otlp-jsonl-4lines.jsonl", "example-trace", "otlp-jsonl-4lines"),
    ] as [(String, String?, String)])
    func aRecordingCorrelatesAsBefore(input: String, clientService: String?, golden: String) throws {
        let result = try TrafficAnalysis.file(Fixtures.path(input), clientService: clientService)
        try expectSame(result.tracing, golden: golden)
    }

    /// Without client spans, Milvus's own request spans become the requests.
    @Test func milvussOwnRootsCorrelateAsBefore() throws {
        let spans = try Fixtures.spans("milvus-2.3.5/server-fraction-1.jsonl").filter { $0.service != "milvus-client" }
        let result = try TrafficAnalysis.analyse(
            spans, clientService: nil, source: "noclient.jsonl", label: "trace file noclient.jsonl", problems: [])
        try expectSame(result.tracing, golden: "noclient")
    }

    func expectSame(_ tracing: TracingRecord, golden: String) throws {
        let recorded = try JSONDecoder().decode(TracingRecord.self, from: Fixtures.data("correlation/\(golden).json"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        var now = tracing
        now.source = recorded.source
        let a = String(decoding: try encoder.encode(now), as: UTF8.self)
        let b = String(decoding: try encoder.encode(recorded), as: UTF8.self)
        #expect(recorded.breakdowns.count > 0)
        if a != b {
            let first = zip(a.split(separator: "\n"), b.split(separator: "\n")).first { $0 != $1 }
            Issue.record("\(golden): differs from the recorded correlation, first at: now \(first?.0 ?? "?") / then \(first?.1 ?? "?")")
        }
    }
}
