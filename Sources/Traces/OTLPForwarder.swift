import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import OTLPProto

/// Passes export requests on, as the bytes that arrived; a failing forward target never slows or
/// fails the receiver's caller beyond one short timeout.
final class OTLPForwarder: Sendable {
    typealias Method = Opentelemetry_Proto_Collector_Trace_V1_TraceService.Method.Export

    let client: GRPCClient<HTTP2ClientTransport.Posix>

    init(host: String, port: Int) throws {
        client = GRPCClient(
            transport: try HTTP2ClientTransport.Posix(
                target: .dns(host: host, port: port), transportSecurity: .plaintext))
    }

    /// `request`: an ExportTraceServiceRequest's protobuf bytes.
    func forward(_ request: [UInt8]) async {
        var options = CallOptions.defaults
        options.timeout = .seconds(2)
        _ = try? await client.unary(
            request: ClientRequest(message: request), descriptor: Method.descriptor, serializer: RawMessage(),
            deserializer: ProtobufDeserializer<Method.Output>(), options: options
        ) { _ in }
    }
}
