package struct TracingSpec: Sendable, Equatable, Codable {
    /// Fraction of requests the client samples (and marks `01` in traceparent); phases may override.
    package var sampleFraction: Double
    /// Milvus's own `trace.sampleFraction` (embedded Milvus only; 0 = trace exactly what the client sampled).
    package var serverSampleFraction: Double
    /// `false` switches tracing off on both sides: no spans, no traceparent, server exporter `noop`.
    package var enabled: Bool
    /// `false`: the client sends no trace context and makes no spans; Milvus still exports what it
    /// samples on its own (`serverSampleFraction`). The "off" of a comparison's tracing sweep.
    package var propagate: Bool = true
    package var serviceName: String
    /// The embedded OTLP/gRPC receiver's address. nil port: a free port for the embedded Milvus,
    /// 4317 for an external one (which must be configured to export there).
    package var receiverHost: String?
    package var receiverPort: Int?
    /// OTLP/HTTP port (nil: a free port for the embedded Milvus, 4318 for an external one).
    package var receiverHTTPPort: Int?
    /// Also pass every span received on to this OTLP/gRPC endpoint (host:port), e.g. a Jaeger.
    package var forwardTo: String?
    /// Extra span → component rules, tried before the built-in ones.
    package var components: [ComponentRule]
    /// After a phase, spans are collected until none of its traces got a span for this long
    /// (longer than the slowest exporter's batch interval: Milvus's are 5 s).
    package var quietSeconds: Double = 6
    /// The longest wait for a phase's spans at the embedded receiver.
    package var collectDeadlineSeconds: Double = 60

    package init(
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
