/// A sample-fraction sweep: which settings `traceload compare` measures and how often.
public struct CompareSpec: Sendable, Equatable, Codable {
    /// Client sample fractions; the server exports too and follows the client's decision.
    public var fractions: [Double]
    /// Server-only settings: no trace context from the client, Milvus sampling at this fraction.
    public var serverFractions: [Double]
    public var repeats: Int
    /// For an external Milvus: a shell command that restarts it with tracing set by the
    /// placeholders `{exporter}` (noop or otlp) and `{fraction}`.
    public var restartCommand: String?
    /// Leave the server's tracing alone and sweep the client side only.
    public var clientOnly: Bool

    public init(
        fractions: [Double] = [0, 0.01, 0.1, 1], serverFractions: [Double] = [], repeats: Int = 3,
        restartCommand: String? = nil, clientOnly: Bool = false
    ) {
        self.fractions = fractions
        self.serverFractions = serverFractions
        self.repeats = repeats
        self.restartCommand = restartCommand
        self.clientOnly = clientOnly
    }
}
