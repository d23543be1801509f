/// A trace store to read server spans from: a Jaeger (as the Milvus tracing tutorial deploys
/// it) or a Grafana Tempo.
package struct TraceStoreSpec: Sendable, Equatable, Codable {
    package enum Kind: String, Sendable, Codable { case jaeger, tempo }

    package var kind: Kind
    /// Query API base, e.g. http://localhost:16686 (Jaeger) or http://tempo:3200.
    package var url: String
    /// Jaeger: auto, v1 or v3; Tempo: v1 or v2.
    package var api: String
    /// Authorization header value (e.g. "Bearer ..."), from the environment or a file.
    package var authorization: Credential?
    /// Tempo's tenant (X-Scope-OrgID), for a multi-tenant Tempo.
    package var tenant: String?
    /// Where the client's spans go (OTLP/gRPC); default: the store's host on port 4317.
    package var otlpEndpoint: String
    /// How long to keep fetching a phase's traces.
    package var deadlineSeconds: Double

    package init(
        kind: Kind = .jaeger, url: String, api: String = "auto", authorization: Credential? = nil,
        tenant: String? = nil, otlpEndpoint: String, deadlineSeconds: Double = 30
    ) {
        self.kind = kind
        self.url = url
        self.api = api
        self.authorization = authorization
        self.tenant = tenant
        self.otlpEndpoint = otlpEndpoint
        self.deadlineSeconds = deadlineSeconds
    }
}
