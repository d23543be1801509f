public struct TracingSpec: Sendable, Equatable, Codable {
    /// Fraction of requests the client samples (and marks `01` in traceparent); phases may override.
    public var sampleFraction: Double
    /// Milvus's own `trace.sampleFraction` (embedded Milvus only; 0 = trace exactly what the client sampled).
    public var serverSampleFraction: Double
    /// `false` switches tracing off on both sides: no spans, no traceparent, server exporter `noop`.
    public var enabled: Bool
    public var serviceName: String
    /// The embedded OTLP/gRPC receiver's address. nil port: a free port for the embedded Milvus,
    /// 4317 for an external one (which must be configured to export there).
    public var receiverHost: String?
    public var receiverPort: Int?
    /// OTLP/HTTP port (nil: a free port for the embedded Milvus, 4318 for an external one).
    public var receiverHTTPPort: Int?
    /// Also pass every span received on to this OTLP/gRPC endpoint (host:port), e.g. a Jaeger.
    public var forwardTo: String?
    /// Extra span → component rules, tried before the built-in ones.
    public var components: [ComponentRule]
    /// After a phase, spans are collected until none of its traces got a span for this long
    /// (longer than the slowest exporter's batch interval: Milvus's are 5 s).
    public var quietSeconds: Double = 6
    /// The longest wait for a phase's spans at the embedded receiver.
    public var collectDeadlineSeconds: Double = 60

    public init(
        sampleFraction: Double = 0.1, serverSampleFraction: Double = 0, enabled: Bool = true,
        serviceName: String = "milvus-client",
        receiverHost: String? = nil, receiverPort: Int? = nil, forwardTo: String? = nil,
        components: [ComponentRule] = []
    ) {
        self.sampleFraction = sampleFraction
        self.serverSampleFraction = serverSampleFraction
        self.enabled = enabled
        self.serviceName = serviceName
        self.receiverHost = receiverHost
        self.receiverPort = receiverPort
        self.forwardTo = forwardTo
        self.components = components
    }
}

extension TracingSpec {
    enum CodingKeys: String, CodingKey {
        case sampleFraction, serverSampleFraction, enabled, serviceName, receiverHost, receiverPort, receiverHTTPPort,
            forwardTo, components
        case quietSeconds, collectDeadlineSeconds
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            sampleFraction: try c.decode(Double.self, forKey: .sampleFraction),
            serverSampleFraction: try c.decode(Double.self, forKey: .serverSampleFraction),
            enabled: try c.decode(Bool.self, forKey: .enabled),
            serviceName: try c.decode(String.self, forKey: .serviceName),
            receiverHost: try c.decodeIfPresent(String.self, forKey: .receiverHost),
            receiverPort: try c.decodeIfPresent(Int.self, forKey: .receiverPort),
            forwardTo: try c.decodeIfPresent(String.self, forKey: .forwardTo),
            components: try c.decodeIfPresent([ComponentRule].self, forKey: .components) ?? []
        )
        quietSeconds = try c.decodeIfPresent(Double.self, forKey: .quietSeconds) ?? 6
        collectDeadlineSeconds = try c.decodeIfPresent(Double.self, forKey: .collectDeadlineSeconds) ?? 60
        receiverHTTPPort = try c.decodeIfPresent(Int.self, forKey: .receiverHTTPPort)
    }
}
