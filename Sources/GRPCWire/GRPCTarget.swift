import Foundation

/// Where a connection goes and what every call on it carries: address, TLS, credentials and
/// other metadata, the per-call timeout, keepalive.
package struct GRPCTarget: Sendable {
    package var host: String
    package var port: Int
    package var useTLS: Bool
    package var caCertificatePath: String?
    /// PEM files of the client certificate and its key, for mutual TLS.
    package var clientCertificatePath: String?
    package var clientKeyPath: String?
    /// Sent as the `authorization` metadata; never logged.
    package var authorization: String?
    /// Further metadata sent with every call (an OTLP exporter's headers).
    package var metadata: [(String, String)]
    package var timeoutSeconds: Double
    package var keepalive: Keepalive

    package init(
        host: String, port: Int, useTLS: Bool = false, caCertificatePath: String? = nil,
        clientCertificatePath: String? = nil,
        clientKeyPath: String? = nil, authorization: String? = nil, metadata: [(String, String)] = [],
        timeoutSeconds: Double = 10,
        keepalive: Keepalive = Keepalive()
    ) {
        self.host = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        self.port = port
        self.useTLS = useTLS
        self.caCertificatePath = caCertificatePath
        self.clientCertificatePath = clientCertificatePath
        self.clientKeyPath = clientKeyPath
        self.authorization = authorization
        self.metadata = metadata
        self.timeoutSeconds = timeoutSeconds
        self.keepalive = keepalive
    }

    /// `host:port` as the `:authority` pseudo-header (IPv6 in brackets).
    package var authority: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
