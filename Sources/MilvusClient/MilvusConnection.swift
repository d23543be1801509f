import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import MilvusProto
import SwiftProtobuf

/// One HTTP/2 connection to Milvus and a generic unary call over it.
///
/// `run()` must be running (in a task) for calls to make progress; `close()` ends it.
public final class MilvusConnection: Sendable {
    let client: GRPCClient<HTTP2ClientTransport.Posix>
    let timeout: Duration
    let timeoutSeconds: Double
    let authorization: String?

    public init(endpoint: MilvusEndpoint) throws {
        let security: HTTP2ClientTransport.Posix.TransportSecurity
        if endpoint.useTLS {
            security = .tls { config in
                if let ca = endpoint.caCertificatePath {
                    config.trustRoots = .certificates([.file(path: ca, format: .pem)])
                }
            }
        } else {
            security = .plaintext
        }
        let transport = try HTTP2ClientTransport.Posix(
            target: .dns(host: endpoint.host, port: endpoint.port),
            transportSecurity: security,
            config: .defaults { config in
                config.channelDebuggingCallbacks.onCreateTCPConnection = { PingResponder.install(on: $0) }
                config.backoff = .init(initial: .milliseconds(100), max: .seconds(2), multiplier: 1.6, jitter: 0.2)
            }
        )
        client = GRPCClient(transport: transport)
        timeoutSeconds = endpoint.requestTimeoutSeconds
        timeout = .milliseconds(Int64(endpoint.requestTimeoutSeconds * 1000))
        authorization = endpoint.authorization
    }

    /// Runs the connection until `close()`; call from a task of its own.
    public func run() async throws {
        try await client.runConnections()
    }

    public func close() {
        client.beginGracefulShutdown()
    }

    /// One unary call. `traceparent`, when given, is sent as W3C trace context metadata.
    public func call<Request: SwiftProtobuf.Message & Sendable, Response: SwiftProtobuf.Message & Sendable>(
        _ method: MethodDescriptor, _ request: Request, traceparent: String? = nil,
        as: Response.Type = Response.self
    ) async throws(MilvusError) -> Response {
        var metadata: Metadata = [:]
        if let authorization { metadata.addString(authorization, forKey: "authorization") }
        if let traceparent { metadata.addString(traceparent, forKey: "traceparent") }
        var options = CallOptions.defaults
        options.timeout = timeout
        options.maxResponseMessageBytes = 256 << 20
        do {
            return try await client.unary(
                request: ClientRequest(message: request, metadata: metadata),
                descriptor: method,
                serializer: ProtobufSerializer<Request>(),
                deserializer: ProtobufDeserializer<Response>(),
                options: options
            ) { response in try response.message }
        } catch let error as RPCError {
            throw MilvusError(error, timeout: timeoutSeconds)
        } catch let error as MilvusError {
            throw error
        } catch {
            throw MilvusError.transport(code: "unknown", message: "\(error)")
        }
    }
}
