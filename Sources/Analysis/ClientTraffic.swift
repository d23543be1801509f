import Traces

/// Traffic traceload did not generate: the client spans of one service in a set of spans become
/// the requests (operation = the gRPC method), and the same breakdown comes out.
public enum ClientTraffic {
    public struct Analysis: Sendable {
        public var breakdowns: [OperationBreakdown]
        public var evidence: TraceEvidence
        public var clientSpans: Int
    }

    public static func analyse(spans: [Span], clientService: String, map: ComponentMap, phase: String = "traffic") -> Analysis {
        let clientSpans = spans.filter { $0.service == clientService && ($0.kind == .client || $0.parentSpanID == nil) }
        let requests = clientSpans.sorted { $0.startUnixNanos < $1.startUnixNanos }.map { span in
            ClientRequest(phase: phase, operation: operationName(span.name), traceID: span.traceID, spanID: span.spanID,
                          latencyNanos: span.durationNanos)
        }
        let clientTraces = Set(requests.map(\.traceID))
        var traces: [TraceID: [Span]] = [:]
        for span in spans where clientTraces.contains(span.traceID) {
            traces[span.traceID, default: []].append(span)
        }
        let evidence = TraceEvidence.from(spans: spans, clientTraces: clientTraces, clientService: clientService)
        let breakdowns = Breakdown.build(requests: requests, traces: traces, clientService: clientService, map: map, evidence: evidence)
        return Analysis(breakdowns: breakdowns, evidence: evidence, clientSpans: clientSpans.count)
    }

    /// `/milvus.proto.milvus.MilvusService/Search` → `Search`.
    public static func operationName(_ spanName: String) -> String {
        spanName.split(separator: "/").last.map(String.init) ?? spanName
    }
}
