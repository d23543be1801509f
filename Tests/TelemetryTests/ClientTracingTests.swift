import EmbeddedMilvus
import Foundation
import Scenario
import Testing
import TraceContext
import Traces

@testable import Telemetry
@testable import Workload

/// A sampled request's traceparent and client span, exported to a real OTLP receiver.
@Suite struct ClientTracingTests {
    /// OTEL_EXPORTER_OTLP_COMPRESSION=gzip: exports go compressed (grpc-encoding: gzip) and a
    /// receiver that speaks gzip (traceload's own, as the Collector's) takes them all.
    @Test func gzipExportsReachAReceiver() async throws {
        let collector = SpanCollector()
        let receiver = try OTLPReceiver(collector: collector, port: 0)
        let serving = Task { try await receiver.run() }
        let port = try await receiver.boundPort()
        let tracing = try ClientTracing(
            serviceName: "gz", endpoint: "http://127.0.0.1:\(port)",
            environment: ["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION": "gzip"])
        #expect(tracing.gzip)
        let exporting = Task { try? await tracing.run() }
        let tracer = tracing.tracer(onStart: { collector.expect($0) })
        let ids = (0..<50).map { _ -> TraceID in
            let traced = tracer.start(method: OperationKind.search.milvusMethod)
            traced.end(nil, WallClock.nanoseconds(), 1_000)
            return traced.traceID
        }
        await tracing.shutdown()
        await exporting.value
        #expect(collector.spans(of: ids).count == 50 && tracing.droppedSpans == 0)
        receiver.stop()
        _ = await serving.result
        #expect(throws: ClientTracingError.self) {
            try ClientTracing(serviceName: "x", endpoint: "http://127.0.0.1:1", environment: ["OTEL_EXPORTER_OTLP_COMPRESSION": "zstd"])
        }
    }

    @Test func sampledRequestsCarryFlags01AndTheirSpansReachTheReceiver() async throws {
        let collector = SpanCollector()
        let port = try #require(freeLoopbackPort())
        let receiver = try OTLPReceiver(collector: collector, port: port)
        let serving = Task { try await receiver.run() }
        #expect(try await receiver.boundPort() == port)

        let tracing = try ClientTracing(
            serviceName: "milvus-client", endpoint: "http://127.0.0.1:\(port)", environment: [:])
        let exporting = Task { try? await tracing.run() }
        let tracer = tracing.tracer(onStart: { collector.expect($0) })

        var sent: [TracedRequest] = []
        for kind in [OperationKind.search, .insert, .query] {
            let traced = tracer.start(method: kind.milvusMethod)
            // Exactly version 00, a 32-hex trace id, a 16-hex span id, flags 01 — never 03.
            let parts = traced.traceparent.split(separator: "-")
            #expect(parts.count == 4 && parts[0] == "00" && parts[1].count == 32 && parts[2].count == 16)
            #expect(parts[3] == "01", "flags \(parts[3])")
            #expect(String(parts[1]) == traced.traceID.description && UInt64(parts[2], radix: 16) == traced.spanID)
            traced.end(kind == .query ? "timeout" : nil, WallClock.nanoseconds(), 1_000_000)
            sent.append(traced)
        }

        await tracing.shutdown()
        await exporting.value
        let spans = collector.spans(of: sent.map(\.traceID))
        receiver.stop()
        _ = await serving.result

        #expect(spans.count == 3)
        for traced in sent {
            let span = try #require(spans[traced.traceID]?.first)
            #expect(span.spanID == traced.spanID && span.service == "milvus-client" && span.kind == .client)
            #expect(span.name.hasPrefix("/milvus.proto.milvus.MilvusService/"))
            // The span is the call's own interval: its duration is the request's latency.
            #expect(span.durationNanos == 1_000_000)
        }
        #expect(tracing.droppedSpans == 0)
    }
}
