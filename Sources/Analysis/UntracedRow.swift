/// Untraced time inside one span name: a "where no span looks" row.
package struct UntracedRow: Sendable, Equatable, Codable {
    package var span: String
    package var component: String
    /// Requests with some untraced time inside this span.
    package var requests: Int
    /// Mean over all joined requests of the operation (those without it count as zero).
    package var meanMs: Double
    package var p99Ms: Double
    /// `meanMs` over the operation's mean latency (0…1).
    package var shareOfLatency: Double
}
