import Foundation

/// A figure's standard error with the degrees of freedom it rests on, so that its interval uses
/// the t quantile it has earned: a spread between 8 batch means has 7, an order statistic or a
/// binomial count is as good as normal (infinite).
package struct StandardError: Sendable, Equatable {
    package var value: Double
    package var df: Double

    package init(_ value: Double, df: Double) {
        self.value = value
        self.df = df
    }

    /// The error of a difference of two independent estimates, with Welch–Satterthwaite's
    /// degrees of freedom: (a² + b²)² / (a⁴/df_a + b⁴/df_b).
    package static func difference(_ a: StandardError, _ b: StandardError) -> StandardError {
        let (va, vb) = (a.value * a.value, b.value * b.value)
        let denominator = (a.df.isFinite ? va * va / a.df : 0) + (b.df.isFinite ? vb * vb / b.df : 0)
        let df = denominator > 0 ? (va + vb) * (va + vb) / denominator : .infinity
        return StandardError((va + vb).squareRoot(), df: df)
    }

    /// Half-width of the two-sided 95% interval.
    package var halfWidth95: Double { StudentT.quantile(0.975, df: df) * value }
}
