/// How a phase ends.
package enum PhaseLength: Sendable, Equatable, Codable {
    case duration(seconds: Double)
    case requests(Int)
}

/// An open-loop arrival rate: constant, or a linear ramp from `start` to `end` over the phase.
package struct ArrivalRate: Sendable, Equatable, Codable {
    package var start: Double
    package var end: Double
    package init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }
    package init(constant: Double) { self.init(start: constant, end: constant) }
}

package struct Phase: Sendable, Equatable, Codable {
    package var name: String
    package var length: PhaseLength
    package var workers: Int
    /// nil: closed loop (each worker issues its next request when the last one returns).
    package var rate: ArrivalRate?
    /// Weights per operation; only operations with a positive weight appear.
    package var mix: [OperationKind: Double]
    package var search: SearchSpec
    package var insert: InsertSpec
    package var query: QuerySpec
    /// Overrides `tracing.sampleFraction` for this phase.
    package var sampleFraction: Double?
    /// A warm-up phase runs but is left out of the report.
    package var warmup: Bool
    /// For a phase of a search-parameter sweep: which curve it is a point of.
    package var curve: CurvePoint?

    /// One value of a swept search parameter: the phase `group` with `parameter` = `value`.
    package struct CurvePoint: Sendable, Equatable, Codable {
        package var group: String
        package var parameter: String
        package var value: String
    }

    package init(
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
