import Scenario

/// One round's figures: the measured phases of one pass (`run --repeat N` runs them N times in
/// one Milvus lifetime; a variant of `traceload compare` runs one block per round). Figures are
/// keyed by `FigureKey` (run.json holds its text: `throughput_per_s`, `search.p50_ms`, ...), with
/// the number of samples behind each, so a percentile from few requests can be told apart.
package struct RoundRecord: Codable, Sendable, Equatable {
    package var round: Int
    /// Where the round sat in the comparison's schedule (its position in the randomised order).
    package var position: Int?
    package var startedAt: Double
    package var seconds: Double
    package var values: [FigureKey: Double]
    package var samples: [FigureKey: Int]
    /// `run --repeat` only: each measured phase's own figures in this round, by phase name (an
    /// operation's throughput, p50, p90, p99, p99.9 and recall), so that `diff` has a spread between
    /// rounds for every phase, not only for a run of one. nil in compare's rounds and in files
    /// written before it was kept (they still load).
    package var phases: [String: [FigureKey: Double]]?

    package init(
        round: Int, position: Int? = nil, startedAt: Double, seconds: Double, values: [FigureKey: Double],
        samples: [FigureKey: Int], phases: [String: [FigureKey: Double]]? = nil
    ) {
        self.round = round
        self.position = position
        self.startedAt = startedAt
        self.seconds = seconds
        self.values = values
        self.samples = samples
        self.phases = phases
    }
}
