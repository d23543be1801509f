/// A Jaeger to read server spans from, as the Milvus tracing tutorial deploys it.
package struct JaegerSpec: Sendable, Equatable, Codable {
    /// Query API base, e.g. http://localhost:16686.
    package var url: String
    /// auto, v1 or v3.
    package var api: String
    /// Authorization header value (e.g. "Bearer ..."), from the environment or a file.
    package var authorization: Credential?
    /// Where the client's spans go (OTLP/gRPC); default: the Jaeger host on port 4317.
    package var otlpEndpoint: String
    /// How long to keep fetching a phase's traces.
    package var deadlineSeconds: Double

    package init(
        url: String, api: String = "auto", authorization: Credential? = nil, otlpEndpoint: String,
        deadlineSeconds: Double = 30
    ) {
        self.url = url
        self.api = api
        self.authorization = authorization
        self.otlpEndpoint = otlpEndpoint
        self.deadlineSeconds = deadlineSeconds
    }
}
