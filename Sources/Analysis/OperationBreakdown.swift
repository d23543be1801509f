/// Everything the report says about one operation of one phase.
public struct OperationBreakdown: Sendable, Codable {
    public var phase: String
    public var operation: String
    public var coverage: Coverage
    /// Over every joined trace.
    public var components: [ComponentRow]
    /// Over the complete traces alone, when some joined traces are incomplete (nil otherwise).
    public var completeComponents: [ComponentRow]?
    /// Where no span looks: untraced time by the span it lies in, largest first.
    public var untraced: [UntracedRow]?
    public var tail: [TailRow]
    public var slowestRequestMs: Double
    public var slowestTrace: [TreeLine]
    /// Largest difference between a request's component sum and its latency, in percent.
    public var maxSumErrorPercent: Double

    /// Mean client latency of the joined requests (ms).
    public var meanLatencyMs: Double {
        components.reduce(0) { $0 + $1.meanMs }
    }
}
