import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import OTLPProto

/// Passes export requests on; a failing forward target never slows or fails the receiver's caller
/// beyond one short timeout.
final class OTLPForwarder: Sendable {
    let client: GRPCClient<HTTP2ClientTransport.Posix>

    init(host: String, port: Int) throws {
        client = GRPCClient(
            transport: try HTTP2ClientTransport.Posix(
                target: .dns(host: host, port: port), transportSecurity: .plaintext))
    }

    func forward(_ request: Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest) async {
        var options = CallOptions.defaults
        options.timeout = .seconds(2)
        let service = Opentelemetry_Proto_Collector_Trace_V1_TraceService.Client(wrapping: client)
        _ = try? await service.export(request, options: options)
    }
}
