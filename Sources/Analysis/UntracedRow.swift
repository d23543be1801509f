/// Untraced time inside one span name: a "where no span looks" row.
public struct UntracedRow: Sendable, Codable, Equatable {
    public var span: String
    public var component: String
    /// Requests with some untraced time inside this span.
    public var requests: Int
    /// Mean over all joined requests of the operation (those without it count as zero).
    public var meanMs: Double
    public var p99Ms: Double
    /// `meanMs` over the operation's mean latency (0…1).
    public var shareOfLatency: Double
}
