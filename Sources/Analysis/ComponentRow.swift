/// One row of components.csv: one component's time in one operation of one phase.
public struct ComponentRow: Sendable, Codable, Equatable {
    public var phase: String
    public var operation: String
    public var component: String
    public var requests: Int
    public var p50Ms, p90Ms, p99Ms, meanMs: Double
    /// The component's mean over the operation's mean latency (0…1); the shares of an operation add up to 1.
    public var shareOfMean: Double
    /// Mean per request of the part of `meanMs` spent inside the component's spans while no child
    /// span ran: waiting that no span measures. nil for components that are not spans
    /// (`client+wire`, network hops) and in runs recorded before it was measured.
    public var uncoveredMs: Double?
}
