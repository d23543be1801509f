/// One row of components.csv: one component's time in one operation of one phase.
package struct ComponentRow: Sendable, Equatable, Codable {
    package var phase: String
    package var operation: String
    package var component: String
    package var requests: Int
    package var p50Ms, p90Ms, p99Ms, meanMs: Double
    /// The component's mean over the operation's mean latency (0…1); the shares of an operation add up to 1.
    package var shareOfMean: Double
    /// Mean per request of the part of `meanMs` spent inside the component's spans while no child
    /// span ran: waiting that no span measures. nil for components that are not spans
    /// (`client+wire`, network hops) and in runs recorded before it was measured.
    package var uncoveredMs: Double?
}
