package struct ExternalMilvus: Sendable, Equatable, Codable {
    package var host: String
    package var port: Int
    package var useTLS: Bool
    /// Milvus `:9091` web port, for `/metrics`; nil when unknown. The first of `metricsURLs`.
    package var metricsURL: String?
    /// Every pod's `/metrics` page of a cluster (their histograms are added up).
    package var metricsURLs: [String]?
    /// A Prometheus that scrapes the cluster, asked instead of the pages.
    package var prometheus: PrometheusSpec?
    /// HTTP/2 keepalive: PING an idle connection this often (nil: only after a deadline passed),
    /// and give up on it when a PING goes unanswered for `keepaliveTimeoutSeconds`.
    package var keepaliveIntervalSeconds: Double?
    package var keepaliveTimeoutSeconds: Double?
    /// The credentials themselves never live here: only where to find them (see `Credential`).
    package var token: Credential?
    package var user: String?
    package var password: Credential?
    package var caCertificate: String?
    /// Client certificate and key (PEM files) for Milvus deployments that require mutual TLS.
    package var clientCertificate: String?
    package var clientKey: String?
    package var requestTimeoutSeconds: Double

    package init(
        host: String, port: Int, useTLS: Bool = false, metricsURL: String? = nil, token: Credential? = nil,
        user: String? = nil, password: Credential? = nil, caCertificate: String? = nil,
        requestTimeoutSeconds: Double = 10
    ) {
        self.host = host
        self.port = port
        self.useTLS = useTLS
        self.metricsURL = metricsURL
        self.token = token
        self.user = user
        self.password = password
        self.caCertificate = caCertificate
        self.requestTimeoutSeconds = requestTimeoutSeconds
    }
}

extension ExternalMilvus {
    /// The metrics pages to read: `metrics` (one or a list), else port 9091 on the Milvus host.
    package var pages: [String] { metricsURLs ?? metricsURL.map { [$0] } ?? ["http://\(host):9091/metrics"] }
}
