import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import OTLPProto

struct ExportService: Opentelemetry_Proto_Collector_Trace_V1_TraceService.SimpleServiceProtocol {
    let collector: SpanCollector
    let forwarder: OTLPForwarder?

    func export(
        request: Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest,
        context: ServerContext
    ) async throws -> Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceResponse {
        let (spans, rejected) = Span.from(request)
        collector.add(spans, malformed: rejected)
        if let forwarder { await forwarder.forward(request) }
        return Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceResponse()
    }
}
