/// How a phase ends.
public enum PhaseLength: Sendable, Equatable, Codable {
    case duration(seconds: Double)
    case requests(Int)
}

/// An open-loop arrival rate: constant, or a linear ramp from `start` to `end` over the phase.
public struct ArrivalRate: Sendable, Equatable, Codable {
    public var start: Double
    public var end: Double
    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }
    public init(constant: Double) { self.init(start: constant, end: constant) }
}

public struct Phase: Sendable, Equatable, Codable {
    public var name: String
    public var length: PhaseLength
    public var workers: Int
    /// nil: closed loop (each worker issues its next request when the last one returns).
    public var rate: ArrivalRate?
    /// Weights per operation; only operations with a positive weight appear.
    public var mix: [OperationKind: Double]
    public var search: SearchSpec
    public var insert: InsertSpec
    public var query: QuerySpec
    /// Overrides `tracing.sampleFraction` for this phase.
    public var sampleFraction: Double?
    /// A warm-up phase runs but is left out of the report.
    public var warmup: Bool

    public init(
        name: String, length: PhaseLength, workers: Int, rate: ArrivalRate? = nil,
        mix: [OperationKind: Double], search: SearchSpec = SearchSpec(), insert: InsertSpec = InsertSpec(),
        query: QuerySpec = QuerySpec(), sampleFraction: Double? = nil, warmup: Bool = false
    ) {
        self.name = name
        self.length = length
        self.workers = workers
        self.rate = rate
        self.mix = mix
        self.search = search
        self.insert = insert
        self.query = query
        self.sampleFraction = sampleFraction
        self.warmup = warmup
    }
}
