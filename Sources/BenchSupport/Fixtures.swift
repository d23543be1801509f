import Foundation
import MilvusProto
import OTLPProto
import Results
import Scenario
import SwiftProtobuf
import TraceContext
import Traces
import Workload

/// What the hot paths run on: the recorded Milvus traces of Tests/Fixtures, a request factory,
/// a large run record.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let collection = CollectionSpec(name: "bench", dim: 128)

    static func factory() -> RequestFactory {
        RequestFactory(collection: collection, dataset: DatasetSpec(), stream: 1)
    }

    /// The recorded Milvus 2.3.5 traces in which every server span belongs to a client trace.
    static func recordedSpans() throws -> [Span] {
        try OTLPJSON.readFile(
            root.appendingPathComponent("Tests/Fixtures/milvus-2.3.5/server-fraction-0-client-0.5.jsonl").path
        ).spans
    }

    static func spans(traces count: Int) throws -> [Span] {
        let byTrace = Dictionary(grouping: try recordedSpans(), by: \.traceID)
        let clientTraces = byTrace.values.filter { $0.contains { $0.service == "milvus-client" } }.sorted {
            $0[0].traceID < $1[0].traceID
        }
        var out: [Span] = []
        out.reserveCapacity(count * 8)
        for i in 0..<count {
            let id = TraceID(high: 0xbe0c_0000_0000_0000 | UInt64(i), low: UInt64(i) &* 0x9e37_79b9_7f4a_7c15 | 1)
            for var span in clientTraces[i % clientTraces.count] {
                span.traceID = id
                out.append(span)
            }
        }
        return out
    }

    /// The recorded spans as one OTLP/protobuf export request.
    static func exportRequest() throws -> (bytes: [UInt8], spans: Int) {
        let spans = try recordedSpans()
        var request = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest()
        for (service, group) in Dictionary(grouping: spans, by: \.service) {
            var resource = Opentelemetry_Proto_Trace_V1_ResourceSpans()
            var name = Opentelemetry_Proto_Common_V1_KeyValue()
            name.key = "service.name"
            name.value.stringValue = service
            resource.resource.attributes = [name]
            var scope = Opentelemetry_Proto_Trace_V1_ScopeSpans()
            scope.spans = group.map { span in
                var proto = Opentelemetry_Proto_Trace_V1_Span()
                proto.traceID = bytes(span.traceID.high) + bytes(span.traceID.low)
                proto.spanID = bytes(span.spanID)
                if let parent = span.parentSpanID { proto.parentSpanID = bytes(parent) }
                proto.name = span.name
                proto.startTimeUnixNano = span.startUnixNanos
                proto.endTimeUnixNano = span.endUnixNanos
                return proto
            }
            resource.scopeSpans = [scope]
            request.resourceSpans.append(resource)
        }
        return (try request.serializedBytes(), spans.count)
    }

    static func bytes(_ value: UInt64) -> Data { withUnsafeBytes(of: value.bigEndian) { Data($0) } }

    static func runRecord(requests: Int) -> RunRecord {
        var stats = OperationStats()
        var timeline: [TimelineBucket] = (0..<60).map { TimelineBucket(second: $0) }
        var x: UInt64 = 42
        for i in 0..<requests {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let nanos = 500_000 + (x >> 40) % 50_000_000
            Latency.record(nanos, into: &stats.histogram)
            Latency.record(nanos, into: &timeline[i * 60 / requests].histogram)
        }
        let phase = Phase(name: "search", length: .duration(seconds: 60), workers: 16, mix: [.search: 1])
        let result = PhaseResult(
            phase: phase, startUnixNanos: 1_700_000_000_000_000_000, elapsedSeconds: 60, operations: [.search: stats],
            timeline: timeline, sampled: [], sampleFraction: 0)
        let scenario = Scenario(
            name: "bench", milvus: .embedded(EmbeddedOptions()), collection: collection, dataset: DatasetSpec(),
            tracing: TracingSpec(enabled: false), phases: [phase])
        return RunRecord(
            tool: "traceload bench", scenario: scenario,
            environment: RunEnvironment(milvusVersion: "bench", milvusTarget: "none"),
            startedAt: Date(), finishedAt: Date(), partial: nil, phases: [PhaseRecord(result)], notes: [])
    }
}
