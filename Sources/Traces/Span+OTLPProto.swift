import Foundation
import OTLPProto
import TraceContext

extension Span {
    /// An export request holding these spans: what traceload keeps of a span (ids, name, service,
    /// scope, kind, times), without its attributes and events. For passing on what arrived as
    /// OTLP JSON, which has no lossless route to protobuf here.
    package static func exportRequest(_ spans: [Span]) -> Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest {
        func bytes(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * (7 - $0))) } }
        var request = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest()
        for (service, byService) in Dictionary(grouping: spans, by: \.service).sorted(by: { $0.key < $1.key }) {
            var resource = Opentelemetry_Proto_Trace_V1_ResourceSpans()
            var name = Opentelemetry_Proto_Common_V1_KeyValue()
            name.key = "service.name"
            name.value.stringValue = service
            resource.resource.attributes = [name]
            for (scopeName, byScope) in Dictionary(grouping: byService, by: \.scope).sorted(by: { $0.key < $1.key }) {
                var scope = Opentelemetry_Proto_Trace_V1_ScopeSpans()
                scope.scope.name = scopeName
                scope.spans = byScope.map { span in
                    var proto = Opentelemetry_Proto_Trace_V1_Span()
                    proto.traceID = Data(bytes(span.traceID.high) + bytes(span.traceID.low))
                    proto.spanID = Data(bytes(span.spanID))
                    if let parent = span.parentSpanID { proto.parentSpanID = Data(bytes(parent)) }
                    proto.name = span.name
                    proto.kind = .init(rawValue: span.kind.rawValue) ?? .unspecified
                    proto.startTimeUnixNano = span.startUnixNanos
                    proto.endTimeUnixNano = span.endUnixNanos
                    return proto
                }
                resource.scopeSpans.append(scope)
            }
            request.resourceSpans.append(resource)
        }
        return request
    }
}
