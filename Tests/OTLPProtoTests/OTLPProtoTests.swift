import Foundation
import OTLPProto
import SwiftProtobuf
import TestFixtures
import Testing

/// The generated OTLP types read what OpenTelemetry producers write.
@Suite struct OTLPProtoTests {
    /// Jaeger's API v3 answer is OTLP's JSON form of `TracesData` (under "result").
    @Test func jaegersV3AnswerDecodesAsTracesData() throws {
        let answer =
            try JSONSerialization.jsonObject(with: try Fixtures.data("jaeger/jaeger-v3-get-trace.json"))
            as? [String: Any]
        let result = try JSONSerialization.data(withJSONObject: try #require(answer?["result"]))
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = true
        let traces = try Opentelemetry_Proto_Trace_V1_TracesData(jsonUTF8Data: result, options: options)
        let span = try #require(traces.resourceSpans.first?.scopeSpans.first?.spans.first)
        #expect(span.name == "foobar" && span.kind == .server && span.status.code == .error)
    }

    /// What an exporter sends: resource_spans (1) → scope_spans (2) → spans (2), ids as raw bytes.
    @Test func anExportRequestHasOTLPsFieldNumbers() throws {
        var span = Opentelemetry_Proto_Trace_V1_Span()
        span.traceID = Data(repeating: 1, count: 16)
        span.spanID = Data(repeating: 2, count: 8)
        span.name = "s"
        var scope = Opentelemetry_Proto_Trace_V1_ScopeSpans()
        scope.spans = [span]
        var resource = Opentelemetry_Proto_Trace_V1_ResourceSpans()
        resource.scopeSpans = [scope]
        var request = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest()
        request.resourceSpans = [resource]
        let bytes: [UInt8] = try request.serializedBytes()
        // 0x0A resource_spans, 0x12 scope_spans, 0x12 spans, then the span: 0x0A trace_id (16 bytes).
        #expect(bytes[0] == 0x0A && bytes[2] == 0x12 && bytes[4] == 0x12 && bytes[6] == 0x0A && bytes[7] == 16)
        #expect(try Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest(serializedBytes: bytes) == request)
    }
}
