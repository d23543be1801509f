import Foundation

/// Where a connection goes and what every call on it carries: address, TLS, credentials and
/// other metadata, the per-call timeout, keepalive.
public struct GRPCTarget: Sendable {
    public var host: String
    public var port: Int
    public var useTLS: Bool
    public var caCertificatePath: String?
    /// PEM files of the client certificate and its key, for mutual TLS.
    public var clientCertificatePath: String?
    public var clientKeyPath: String?
    /// Sent as the `authorization` metadata; never logged.
    public var authorization: String?
    /// Further metadata sent with every call (an OTLP exporter's headers).
    public var metadata: [(String, String)]
    public var timeoutSeconds: Double
    public var keepalive: Keepalive

    public init(
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
    public var authority: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
