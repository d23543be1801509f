import Foundation

/// Student's t distribution: the quantiles an interval needs for few samples, at 95% or any level.
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

    /// The `p` quantile for `df` degrees of freedom, which may be fractional (Welch–Satterthwaite)
    /// or infinite (an order statistic's or a count's error: the normal); a gate's one-sided
    /// 1 − α/m needs quantiles no table holds. Newton's method on `cdf` from 0: the distribution
    /// function is concave above 0, so the steps rise to the root without overshooting it.
    package static func quantile(_ p: Double, df: Double) -> Double {
        guard p > 0, p < 1, df > 0 else { return .nan }
        if p < 0.5 { return -quantile(1 - p, df: df) }
        let normal = !df.isFinite || df >= 1e7
        // The density's constant, once: Γ((ν+1)/2) / (√(νπ) Γ(ν/2)).
        let logRatio: Double = lgamma((df + 1) / 2) - lgamma(df / 2)
        let constant: Double = normal ? 0 : exp(logRatio) / (df * Double.pi).squareRoot()
        func density(_ t: Double) -> Double {
            if normal { return exp(-t * t / 2) / (2 * Double.pi).squareRoot() }
            let base: Double = 1 + t * t / df
            return constant * pow(base, -(df + 1) / 2)
        }
        var t = 0.0
        for _ in 0..<500 {
            let step = (p - cdf(t, df: df)) / density(t)
            guard step.isFinite else { break }
            t += step
            if abs(step) <= 1e-12 * max(1, abs(t)) { break }
        }
        return t
    }

    /// P(T ≤ t) for `df` degrees of freedom (infinite: the standard normal).
    package static func cdf(_ t: Double, df: Double) -> Double {
        guard df.isFinite, df < 1e7 else { return 0.5 * erfc(-t / 2.0.squareRoot()) }
        // The tail of t is half the regularised incomplete beta at df / (df + t²).
        let tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The regularised incomplete beta I_x(a, b), by its continued fraction (modified Lentz),
    /// on the side of x where the fraction converges quickly.
    static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logGammas + logPowers)
        if x < (a + 1) / (a + b + 2) { return front * betaFraction(x, a, b) / a }
        return 1 - front * betaFraction(1 - x, b, a) / b
    }

    private static func betaFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        func guarded(_ v: Double) -> Double { abs(v) < tiny ? tiny : v }
        var c = 1.0
        var d = 1 / guarded(1 - (a + b) * x / (a + 1))
        var h = d
        for step in 1...400 {
            let m = Double(step)
            let even = m * (b - m) * x / ((a - 1 + 2 * m) * (a + 2 * m))
            d = 1 / guarded(1 + even * d)
            c = guarded(1 + even / c)
            h *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 1 + 2 * m))
            d = 1 / guarded(1 + odd * d)
            c = guarded(1 + odd / c)
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h
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
