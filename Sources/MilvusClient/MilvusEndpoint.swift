import Foundation
import GRPCWire

/// How to reach a Milvus: address, TLS, and the credentials Milvus reads from the
/// `authorization` metadata (base64 of `user:password` or of the token, as pymilvus sends it).
public struct MilvusEndpoint: Sendable {
    public var host: String
    public var port: Int
    public var useTLS: Bool
    public var caCertificatePath: String?
    /// PEM files of the client certificate and its key, for mutual TLS.
    public var clientCertificatePath: String?
    public var clientKeyPath: String?
    public var authorization: String?
    /// Further metadata sent with every call (an OTLP exporter's headers).
    public var metadata: [(String, String)]
    public var requestTimeoutSeconds: Double
    /// Separate HTTP/2 connections; workers share them round-robin.
    public var connections: Int

    public init(
        host: String, port: Int, useTLS: Bool = false, caCertificatePath: String? = nil, token: String? = nil,
        user: String? = nil, password: String? = nil, clientCertificatePath: String? = nil, clientKeyPath: String? = nil,
        requestTimeoutSeconds: Double = 10, connections: Int = 1, metadata: [(String, String)] = []
    ) {
        self.metadata = metadata
        self.clientCertificatePath = clientCertificatePath
        self.clientKeyPath = clientKeyPath
        self.host = host
        self.port = port
        self.useTLS = useTLS
        self.caCertificatePath = caCertificatePath
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.connections = max(1, connections)
        if let token, !token.isEmpty {
            authorization = Data(token.utf8).base64EncodedString()
        } else if let user {
            authorization = Data("\(user):\(password ?? "")".utf8).base64EncodedString()
        }
    }

    public var address: String { "\(host):\(port)" }

    /// HTTP/2 keepalive: gRPC's defaults unless the scenario says otherwise.
    public var keepalive = Keepalive()

    var target: GRPCTarget {
        GRPCTarget(host: host, port: port, useTLS: useTLS, caCertificatePath: caCertificatePath, clientCertificatePath: clientCertificatePath,
                   clientKeyPath: clientKeyPath, authorization: authorization, metadata: metadata, timeoutSeconds: requestTimeoutSeconds,
                   keepalive: keepalive)
    }
}
