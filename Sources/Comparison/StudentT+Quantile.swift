import Foundation

extension StudentT {
    /// The `p` quantile for `df` degrees of freedom (fractional df allowed: Welch's), for the
    /// levels a table does not hold: a family of k intervals at 95% together needs each at
    /// 1 − 0.05/k (Bonferroni).
    package static func quantile(_ p: Double, df: Double) -> Double {
        guard df > 0, p > 0, p < 1 else { return .nan }
        if p < 0.5 { return -quantile(1 - p, df: df) }
        if p == 0.5 { return 0 }
        // The CDF rises monotonically: bisect on t, first doubling the upper end until it holds p.
        var high = 2.0
        while cdf(high, df: df) < p && high < 1e12 { high *= 2 }
        var low = 0.0
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if cdf(middle, df: df) < p { low = middle } else { high = middle }
            if high - low < 1e-10 * max(1, high) { break }
        }
        return (low + high) / 2
    }

    /// P(T ≤ t): for t ≥ 0, 1 − I_x(df/2, 1/2)/2 with x = df/(df + t²).
    package static func cdf(_ t: Double, df: Double) -> Double {
        let tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// I_x(a, b), the regularized incomplete beta function, by its continued fraction (evaluated
    /// with Lentz's method on whichever side converges fast).
    static func regularizedBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logGammas + logPowers)
        if x < (a + 1) / (a + b + 2) { return front * continuedFraction(x, a, b) / a }
        return 1 - front * continuedFraction(1 - x, b, a) / b
    }

    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        d = 1 / (abs(d) < tiny ? tiny : d)
        var result = d
        for m in 1...300 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            d = 1 / (abs(d) < tiny ? tiny : d)
            c = 1 + even / c
            c = abs(c) < tiny ? tiny : c
            result *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            d = 1 / (abs(d) < tiny ? tiny : d)
            c = 1 + odd / c
            c = abs(c) < tiny ? tiny : c
            let step = d * c
            result *= step
            if abs(step - 1) < 1e-14 { break }
        }
        return result
    }
}
