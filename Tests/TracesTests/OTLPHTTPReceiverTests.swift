import Foundation
import OTLPProto
import TestFixtures
import Testing
import TraceContext

@testable import Traces

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite struct OTLPHTTPReceiverTests {
    func post(_ port: Int, _ body: Data, type: String) async throws -> Int {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/traces")!)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue(type, forHTTPHeaderField: "Content-Type")
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    @Test func acceptsJSONAndProtobufExportsAndRejectsGarbage() async throws {
        let collector = SpanCollector()
        let receiver = try OTLPHTTPReceiver(collector: collector, port: 0)
        defer { receiver.stop() }
        // A real recorded export (JSON), marked as ours.
        let line = try String(contentsOfFile: Fixtures.path("jaeger/otlp-jsonl-4lines.jsonl"), encoding: .utf8).split(
            separator: "\n")[0]
        let id = TraceID(hex: "c620759e5d60fafb8ee0922b30e06bc6")!
        collector.expect(id)
        #expect(try await post(receiver.port, Data(line.utf8), type: "application/json") == 200)

        // The same span as protobuf.
        let span = try #require(OTLPJSON.parseDocument(Data(line.utf8)).first)
        var proto = Opentelemetry_Proto_Trace_V1_Span()
        proto.traceID = Data([
            0xc6, 0x20, 0x75, 0x9e, 0x5d, 0x60, 0xfa, 0xfb, 0x8e, 0xe0, 0x92, 0x2b, 0x30, 0xe0, 0x6b, 0xc6,
        ])
        proto.spanID = Data((0..<8).map { UInt8(truncatingIfNeeded: 0x1234 >> (8 * (7 - $0))) })
        proto.name = "from-protobuf"
        proto.startTimeUnixNano = span.startUnixNanos
        proto.endTimeUnixNano = span.endUnixNanos
        var scope = Opentelemetry_Proto_Trace_V1_ScopeSpans()
        scope.spans = [proto]
        var resource = Opentelemetry_Proto_Trace_V1_ResourceSpans()
        resource.scopeSpans = [scope]
        var export = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest()
        export.resourceSpans = [resource]
        #expect(try await post(receiver.port, try export.serializedData(), type: "application/x-protobuf") == 200)

        #expect(try await post(receiver.port, Data("{not json".utf8), type: "application/json") == 400)
        let kept = collector.spans(of: [id])[id] ?? []
        #expect(kept.count == 2)
        #expect(kept.contains { $0.name == "from-protobuf" && $0.spanID == 0x1234 })
        #expect(collector.counts.malformed == 1)
    }
}
