import Foundation

/// The ratio of two means over paired rounds, mean(variant) / mean(baseline), with Fieller's
/// interval: the set of ratios θ for which mean(variant) − θ·mean(baseline) is within the t
/// quantile of its own standard error. Unlike the mean of per-round ratios, its estimate is the
/// ratio of the figure's own means (so its sign is the means' sign), a round whose baseline came
/// out small does not rule it, and rounds that both sides share (drift) cancel through the
/// covariance. (Kalibera & Jones recommend it for performance ratios.)
package struct RatioOfMeans: Sendable, Equatable {
    package var ratio: Double
    /// The interval's ends; nil when the rounds cannot bound it (fewer than two, or a baseline
    /// whose mean is not clear of zero at this level: the ratio could be anything).
    package var low: Double?
    package var high: Double?

    /// `pairs`: (variant, baseline) per round; `confidence`: 0.95 for a 95% interval.
    package init(pairs: [(Double, Double)], confidence: Double) {
        let n = Double(pairs.count)
        let meanV = pairs.reduce(0) { $0 + $1.0 } / n
        let meanB = pairs.reduce(0) { $0 + $1.1 } / n
        ratio = meanV / meanB
        guard pairs.count >= 2 else { return }
        var (vv, bb, vb) = (0.0, 0.0, 0.0)
        for (v, b) in pairs {
            vv += (v - meanV) * (v - meanV)
            bb += (b - meanB) * (b - meanB)
            vb += (v - meanV) * (b - meanB)
        }
        let t = StudentT.quantile(1 - (1 - confidence) / 2, df: n - 1)
        // Var(mean) = s²/n: q scales the sample covariances to the means' and by t².
        let q = t * t / (n * (n - 1))
        let a = meanB * meanB - q * bb
        let b = meanV * meanB - q * vb
        let c = meanV * meanV - q * vv
        guard a > 0 else { return }
        let root = max(0, b * b - a * c).squareRoot()
        (low, high) = ((b - root) / a, (b + root) / a)
        // Figures that cannot be negative (times, CPU, rates) have a ratio of at least 0: the
        // interval keeps only what is possible ("−112%" of a throughput would be read as nonsense,
        // and rightly). Cutting a confidence set to the possible values keeps its coverage.
        if let end = low, end < 0, pairs.allSatisfy({ $0.0 >= 0 && $0.1 >= 0 }) { low = 0 }
    }
}
