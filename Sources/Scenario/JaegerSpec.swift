/// A Jaeger to read server spans from, as the Milvus tracing tutorial deploys it.
public struct JaegerSpec: Sendable, Equatable, Codable {
    /// Query API base, e.g. http://localhost:16686.
    public var url: String
    /// auto, v1 or v3.
    public var api: String
    /// Authorization header value (e.g. "Bearer ..."), from the environment or a file.
    public var authorization: Credential?
    /// Where the client's spans go (OTLP/gRPC); default: the Jaeger host on port 4317.
    public var otlpEndpoint: String
    /// How long to keep fetching a phase's traces.
    public var deadlineSeconds: Double

    public init(
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
