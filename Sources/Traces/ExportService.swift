import GRPCCore
import GRPCProtobuf
import OTLPProto

/// OTLP/gRPC's trace service on the request's bytes: the spans are decoded straight from them
/// (`OTLPSpanDecoder`: SwiftProtobuf's message of a real exporter's batch, attributes and events
/// and all, cost most of the receiver's time), and a forward passes the same bytes on.
struct ExportService: RegistrableRPCService {
    typealias Method = Opentelemetry_Proto_Collector_Trace_V1_TraceService.Method.Export

    let collector: SpanCollector
    let forwarder: OTLPForwarder?
    let strings: SharedStrings

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: Method.descriptor, deserializer: RawMessage(), serializer: ProtobufSerializer<Method.Output>()
        ) { request, _ in
            let bytes = try await ServerRequest(stream: request).message
            let decoded: (spans: [Span], rejected: Int)
            do {
                decoded = try OTLPSpanDecoder.decode(bytes, strings: strings)
            } catch {
                // What grpc-swift answers for a message its deserializer refuses.
                throw RPCError(
                    code: .invalidArgument, message: "Can't deserialize to message of type \(Method.Input.self).",
                    cause: error)
            }
            collector.add(decoded.spans, malformed: decoded.rejected)
            if let forwarder { await forwarder.forward(bytes) }
            return StreamingServerResponse(single: ServerResponse(message: Method.Output()))
        }
    }
}
