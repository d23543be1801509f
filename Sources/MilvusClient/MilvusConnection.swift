import Foundation
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
        let trust: (inout HTTP2ClientTransport.Posix.TransportSecurity.TLS) -> Void = { config in
            if let ca = endpoint.caCertificatePath {
                config.trustRoots = .certificates([.file(path: ca, format: .pem)])
            }
        }
        if endpoint.useTLS, let certificate = endpoint.clientCertificatePath, let key = endpoint.clientKeyPath {
            security = .mTLS(certificateChain: [.file(path: certificate, format: .pem)], privateKey: .file(path: key, format: .pem), configure: trust)
        } else if endpoint.useTLS {
            security = .tls(configure: trust)
        } else {
            security = .plaintext
        }
        let transport = try HTTP2ClientTransport.Posix(
            target: Self.target(endpoint),
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

    /// An IP literal is addressed as such: as a DNS name it would become the TLS server name
    /// (SNI), which may not be an IP address, and TLS connections to it would fail.
    static func target(_ endpoint: MilvusEndpoint) -> any ResolvableTarget {
        let host = endpoint.host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        var ipv4 = in_addr(), ipv6 = in6_addr()
        if inet_pton(AF_INET, host, &ipv4) == 1 { return .ipv4(host: host, port: endpoint.port) }
        if inet_pton(AF_INET6, host, &ipv6) == 1 { return .ipv6(host: host, port: endpoint.port) }
        return .dns(host: host, port: endpoint.port)
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
