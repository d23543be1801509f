import Foundation

/// One figure over K ≥ 2 base runs (CI's history of main): its mean, its spread between runs
/// (sample standard deviation, K − 1 degrees of freedom), and the prediction interval a new run
/// of the same code falls in: mean ± t(K − 1) · s · √(1 + 1/K). The spread is what differs
/// between runs (a new Milvus process, an HNSW graph built again, the machine's other work), so
/// the new run is judged against the baseline's own run-to-run variation.
package struct BaseSpread: Sendable, Equatable {
    package var values: [Double]
    package var mean: Double
    /// The spread used: the standard deviation across the base runs, never less than `floor`.
    package var deviation: Double
    package var df: Double

    /// `floor`: the base runs' own within-run standard error. Each run's value carries at least
    /// that much noise, so a spread that came out smaller (three values that agree by chance)
    /// is not believed.
    package init?(_ values: [Double], floor: Double? = nil) {
        guard values.count >= 2, values.allSatisfy(\.isFinite) else { return nil }
        let sample = Sample(values)
        self.values = values
        mean = sample.mean
        deviation = max(sample.deviation, floor ?? 0)
        df = Double(values.count - 1)
    }

    /// The standard error of (new − mean) for one new run: s · √(1 + 1/K).
    package var error: StandardError {
        StandardError(deviation * (1 + 1 / Double(values.count)).squareRoot(), df: df)
    }

    /// Half-width of the two-sided 95% prediction interval.
    package var halfWidth95: Double { error.halfWidth95 }
}
