import Foundation

/// Student's t distribution: the quantiles a 95% interval needs for few samples.
package enum StudentT {
    /// The 97.5% quantile (a two-sided 95% interval) for `df` degrees of freedom.
    package static func q975(_ df: Int) -> Double {
        let table: [Double] = [
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
            2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
        ]
        guard df >= 1 else { return .nan }
        if df <= table.count { return table[df - 1] }
        // Beyond 30: the normal quantile with the first correction term (good to 0.1%).
        return 1.959964 + 2.4 / Double(df)
    }
}

/// Mean, spread and a 95% interval of a set of values.
package struct Sample: Sendable, Equatable {
    package var count: Int
    package var mean: Double
    /// Sample standard deviation (n − 1); 0 with one value.
    package var deviation: Double

    package init(_ values: [Double]) {
        count = values.count
        mean = values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
        let mean = mean
        deviation =
            values.count < 2
            ? 0 : (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
    }

    /// Half-width of the 95% interval of the mean; nil with fewer than two values.
    package var halfWidth: Double? {
        count < 2 ? nil : StudentT.q975(count - 1) * deviation / Double(count).squareRoot()
    }

    /// About how many values a half-width of `target` needs at `confidence` (nil without a
    /// spread to go by).
    package func countFor(halfWidth target: Double, confidence: Double = 0.95) -> Int? {
        guard count >= 2, target > 0, deviation.isFinite else { return nil }
        var n = max(count, 2)
        // t depends on n: iterate to the fixed point (converges in a few steps).
        for _ in 0..<8 {
            let t = StudentT.quantile(1 - (1 - confidence) / 2, df: Double(n - 1))
            n = max(2, Int((pow(t * deviation / target, 2)).rounded(.up)))
        }
        return n
    }
}
