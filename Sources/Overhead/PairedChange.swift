import Foundation

/// The change of a figure against the baseline, from runs paired by round (a setting's run and
/// the baseline's run of the same round share the machine's state at the time), with a 95%
/// Student-t confidence interval over the rounds.
public struct PairedChange: Sendable, Equatable, Codable {
    public var mean: Double
    /// Half-width of the 95% interval; nil with fewer than two rounds.
    public var halfWidth: Double?
    public var rounds: Int

    /// Relative change in percent: 100 × (value / baseline − 1) per round.
    public static func relative(_ values: [Double], baseline: [Double]) -> PairedChange? {
        let pairs = zip(values, baseline).compactMap { value, base -> Double? in
            guard value.isFinite, base.isFinite, base != 0 else { return nil }
            return 100 * (value / base - 1)
        }
        return PairedChange(differences: pairs)
    }

    /// Absolute change (value − baseline) per round.
    public static func absolute(_ values: [Double], baseline: [Double]) -> PairedChange? {
        PairedChange(differences: zip(values, baseline).compactMap { $0.isFinite && $1.isFinite ? $0 - $1 : nil })
    }

    init?(differences: [Double]) {
        guard !differences.isEmpty else { return nil }
        rounds = differences.count
        mean = differences.reduce(0, +) / Double(rounds)
        guard rounds >= 2 else {
            halfWidth = nil
            return
        }
        let variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(rounds - 1)
        halfWidth = PairedChange.t975(degreesOfFreedom: rounds - 1) * (variance / Double(rounds)).squareRoot()
    }

    /// Whether the interval excludes zero (false without an interval).
    public var isSignificant: Bool {
        guard let halfWidth else { return false }
        return abs(mean) > halfWidth
    }

    /// The 97.5% quantile of Student's t distribution.
    static func t975(degreesOfFreedom df: Int) -> Double {
        let table: [Double] = [
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
            2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
        ]
        if df >= 1 && df <= table.count { return table[df - 1] }
        return df > table.count ? 1.96 : .nan
    }
}
