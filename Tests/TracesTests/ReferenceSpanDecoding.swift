import Foundation
import OTLPProto
import TraceContext

@testable import Traces

extension Span {
    /// The spans of one OTLP export request; spans with malformed ids are skipped and counted.
    /// What the receivers did before they read the bytes with `OTLPSpanDecoder` (the same spans,
    /// without the message), kept here as the decoder's reference.
    static func from(_ request: Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest) -> (
        spans: [Span], rejected: Int
    ) {
        var spans: [Span] = []
        var rejected = 0
        for resourceSpans in request.resourceSpans {
            let service =
                resourceSpans.resource.attributes.first { $0.key == "service.name" }?.value.stringValue ?? "unknown"
            for scope in resourceSpans.scopeSpans {
                for span in scope.spans {
                    guard let traceID = TraceID(bytes: span.traceID), let spanID = SpanID.value(span.spanID) else {
                        rejected += 1
                        continue
                    }
                    spans.append(
                        Span(
                            traceID: traceID, spanID: spanID, parentSpanID: SpanID.value(span.parentSpanID),
                            name: span.name,
                            service: service, scope: scope.scope.name,
                            kind: Kind(rawValue: span.kind.rawValue) ?? .unspecified,
                            startUnixNanos: span.startTimeUnixNano, endUnixNanos: span.endTimeUnixNano
                        ))
                }
            }
        }
        return (spans, rejected)
    }
}
