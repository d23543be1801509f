import Foundation
import TestFixtures
import Testing
import TraceContext

@testable import Traces

/// The recorded Jaeger responses in Tests/Fixtures/jaeger (see the README there).
@Suite struct JaegerParsingTests {
    func data(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("jaeger/\(name)")))
    }

    /// The same trace as an OTLP JSON export and as the Jaeger v1 response Jaeger made from it.
    @Test func otlpAndJaegerV1GiveTheSameTree() throws {
        let otlp = try OTLPJSON.parseLines(data("otlp-jsonl-4lines.jsonl"))
        let jaeger = try JaegerJSON.parse(data("jaeger-v1-api-response-data-envelope.json"))
        #expect(otlp.problems.isEmpty && jaeger.problems.isEmpty)
        #expect(otlp.spans.count == 4 && jaeger.spans.count == 4)
        let byID = Dictionary(uniqueKeysWithValues: jaeger.spans.map { ($0.spanID, $0) })
        for span in otlp.spans {
            let other = try #require(byID[span.spanID])
            #expect(other.traceID == span.traceID && other.parentSpanID == span.parentSpanID)
            #expect(other.name == span.name && other.service == span.service)
            // Jaeger keeps microseconds: start and end are truncated, so durations differ by < 2 µs.
            #expect(other.startUnixNanos == span.startUnixNanos / 1000 * 1000)
            #expect(abs(Int64(other.durationNanos) - Int64(span.durationNanos)) < 2000)
        }
        let main = try #require(otlp.spans.first { $0.spanID == SpanID.parse("26f5ef9dbb885479") })
        #expect(main.durationNanos / 1000 == 46460)
    }

    @Test func edgeCasesParseWithoutCrashing() throws {
        let result = try JaegerJSON.parse(data("jaeger-v1-trace-edgecases-ui_01.json"))
        #expect(!result.spans.isEmpty)
        #expect(result.spans.allSatisfy { $0.traceID == TraceID(high: 0, low: 1) })
        #expect(result.problems.contains { $0.contains("duplicate span id") })
        let child = try #require(result.spans.first { $0.spanID == 3 })
        #expect(child.parentSpanID == 2)
    }

    @Test func bareTraceObjectWithTwoServices() throws {
        let result = try JaegerJSON.parse(data("jaeger-v1-trace-petclinic-2svc.json"))
        #expect(result.spans.count == 5)
        #expect(Set(result.spans.map(\.service)) == ["api-gateway", "customers-service"])
        #expect(result.spans.filter { $0.parentSpanID == nil }.count == 1)
    }

    @Test func apiV3AnswerIsOTLPJSON() throws {
        let spans = try OTLPJSON.parseDocument(data("jaeger-v3-get-trace.json"))
        #expect(spans.count == 1)
        #expect(spans[0].name == "foobar" && spans[0].kind == .server && spans[0].traceID == TraceID(high: 0, low: 1))
    }

    @Test func tempoBatchesWithBase64Ids() throws {
        let spans = try OTLPJSON.parseDocument(data("tempo-v1-trace-by-id-batches.json"))
        #expect(spans.count == 8)
        #expect(Set(spans.map(\.traceID)).count == 1)
        #expect(spans.contains { $0.kind == .client })
    }
}
