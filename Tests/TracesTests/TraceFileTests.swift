import Foundation
import TestFixtures
import Testing

@testable import Traces

/// `traceload analyze --traces FILE` takes whichever form a user has.
@Suite struct TraceFileTests {
    @Test(arguments: [
        ("jaeger/otlp-jsonl-4lines.jsonl", 4),  // OTLP JSON lines
        ("jaeger/jaeger-v1-api-response-data-envelope.json", 4),  // Jaeger API v1 answer, the same trace
        ("jaeger/jaeger-v1-trace-petclinic-2svc.json", 5),  // a bare Jaeger trace (UI download of one trace)
        ("jaeger/jaeger-v3-get-trace.json", 1),  // Jaeger API v3 answer
        ("jaeger/tempo-v1-trace-by-id-batches.json", 8),  // Tempo's "batches"
        ("milvus-2.3.5/server-fraction-1.jsonl", 1609),
    ])
    func readsEveryRecordedForm(file: String, spans: Int) throws {
        let result = try TraceFile.read(Fixtures.path(file))
        #expect(result.spans.count == spans)
    }

    /// The OTLP lines and the Jaeger JSON Jaeger made of them are the same spans.
    @Test func theCrossCheckPairAgrees() throws {
        let otlp = try TraceFile.read(Fixtures.path("jaeger/otlp-jsonl-4lines.jsonl")).spans
        let jaeger = try TraceFile.read(Fixtures.path("jaeger/jaeger-v1-api-response-data-envelope.json")).spans
        func key(_ span: Span) -> String {
            "\(span.spanID) \(span.parentSpanID ?? 0) \(span.name) \(span.service) \(span.startUnixNanos / 1000)"
        }
        #expect(Set(otlp.map(key)) == Set(jaeger.map(key)))
    }

    @Test func somethingElseIsRefusedWithTheReason() {
        #expect(throws: TraceSourceError.self) { try TraceFile.parse(Data("hello\nworld\n".utf8), name: "notes.txt") }
    }
}
