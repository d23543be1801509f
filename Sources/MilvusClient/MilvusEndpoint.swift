import Foundation
import GRPCWire

/// How to reach a Milvus: the wire's target (address, TLS, per-call timeout, keepalive) with the
/// credentials Milvus reads from the `authorization` metadata (base64 of `user:password` or of the
/// token, as pymilvus sends it), and how many connections to open.
package struct MilvusEndpoint: Sendable {
    package var target: GRPCTarget
    /// Separate HTTP/2 connections; workers share them round-robin.
    package var connections: Int

    package init(
        host: String, port: Int, useTLS: Bool = false, caCertificatePath: String? = nil, token: String? = nil,
        user: String? = nil, password: String? = nil, clientCertificatePath: String? = nil,
        clientKeyPath: String? = nil,
        requestTimeoutSeconds: Double = 10, connections: Int = 1, metadata: [(String, String)] = []
    ) {
        var authorization: String?
        if let token, !token.isEmpty {
            authorization = Data(token.utf8).base64EncodedString()
        } else if let user {
            authorization = Data("\(user):\(password ?? "")".utf8).base64EncodedString()
        }
        target = GRPCTarget(
            host: host, port: port, useTLS: useTLS, caCertificatePath: caCertificatePath,
            clientCertificatePath: clientCertificatePath, clientKeyPath: clientKeyPath, authorization: authorization,
            metadata: metadata, timeoutSeconds: requestTimeoutSeconds)
        self.connections = max(1, connections)
    }

    package var address: String { target.authority }

    /// HTTP/2 keepalive: gRPC's defaults unless the scenario says otherwise.
    package var keepalive: Keepalive {
        get { target.keepalive }
        set { target.keepalive = newValue }
    }
}
