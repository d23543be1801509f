import Foundation
import OTLPProto
import TraceContext

/// One finished client span, as the workload saw it.
struct ClientSpan: Sendable {
    var traceID: TraceID
    var spanID: UInt64
    /// The MilvusService method called (`Search`, ...).
    var method: String
    var startNanos: UInt64
    var endNanos: UInt64
    var error: String?

    func otlp() -> Opentelemetry_Proto_Trace_V1_Span {
        var span = Opentelemetry_Proto_Trace_V1_Span()
        span.traceID = Self.bytes(traceID.high, traceID.low)
        span.spanID = Self.bytes(spanID)
        span.name = "/milvus.proto.milvus.MilvusService/" + method
        span.kind = .client
        span.startTimeUnixNano = startNanos
        span.endTimeUnixNano = endNanos
        span.attributes = [
            ClientTracing.attribute("rpc.system", "grpc"),
            ClientTracing.attribute("rpc.service", "milvus.proto.milvus.MilvusService"),
            ClientTracing.attribute("rpc.method", method),
        ]
        if let error {
            span.status.code = .error
            span.status.message = error
        }
        return span
    }

    static func bytes(_ words: UInt64...) -> Data {
        var data = Data(capacity: words.count * 8)
        for word in words { withUnsafeBytes(of: word.bigEndian) { data.append(contentsOf: $0) } }
        return data
    }
}
