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

    package init(
        round: Int, position: Int? = nil, startedAt: Double, seconds: Double, values: [FigureKey: Double],
        samples: [FigureKey: Int]
    ) {
        self.round = round
        self.position = position
        self.startedAt = startedAt
        self.seconds = seconds
        self.values = values
        self.samples = samples
    }
}
