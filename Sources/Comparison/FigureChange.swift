import Foundation
import Scenario

/// A variant's change in one figure against the baseline, from rounds paired by their number
/// (the variant's block and the baseline's block of one round shared the machine's state), with
/// its interval and the verdict it supports.
///
/// `baseline` and `value` are the figure's means over the paired rounds, and the change is
/// always theirs: `value − baseline` in the figure's unit, or `100·(value/baseline − 1)` for a
/// relative figure, whose interval is Fieller's for the ratio of the means (`RatioOfMeans`), so
/// the estimate has the means' sign and lies inside its interval by construction.
package struct FigureChange: Sendable, Equatable, Codable {
    package var key: FigureKey
    package var rounds: Int
    /// Means over the paired rounds, in the figure's unit.
    package var baseline: Double
    package var value: Double
    /// Told in percent of the baseline (false for figures counted in their own unit).
    package var relative: Bool
    /// In percent of the baseline when `relative`, else in the figure's unit.
    package var change: Double
    /// The interval's ends, in the change's unit; nil when the rounds cannot bound it.
    package var low: Double?
    package var high: Double?
    /// The interval's confidence: 0.95, or more for a headline of a family (Bonferroni).
    package var confidence: Double
    package var verdict: Verdict
    /// The margin inside which an interval means no change worth naming.
    package var margin: Double
    /// Cannot tell yet: about how many more rounds would bring the interval to `target`.
    package var moreRounds: Int?
    package var target: Double
    /// Set when the figure rests on too few samples per round to be more than a guess: it is
    /// printed, and never decides anything (its verdict is at most cannot-tell).
    package var sparse: String?
    package var headline: Bool
    /// For a time told in percent, the same change in milliseconds (value − baseline) with its
    /// half-width: an added service time shows as itself there, whatever else the latency holds.
    package var milliseconds: Double?
    package var millisecondsHalfWidth: Double?
    /// What limits the interval, in the change's unit: how much the baseline's own blocks vary
    /// round to round (standard deviation; in percent of its mean when relative), and how much
    /// the paired changes do (what pairing leaves of it).
    package var baselineSpread: Double?
    package var pairedSpread: Double?

    package var figure: Figure { Figure(key: key) }

    /// Half the interval's width, for the stop rule and the noise floor (the interval of a
    /// ratio is not symmetric about its estimate).
    package var halfWidth: Double? {
        guard let low, let high else { return nil }
        return (high - low) / 2
    }

    /// `pairs`: (variant, baseline) per round. `margin` and `target` are in the figure's change
    /// unit (percent for a relative figure).
    package init?(
        key: FigureKey, pairs: [(Double, Double)], margin: Double, target: Double, samples: Int?, headline: Bool,
        confidence: Double = 0.95
    ) {
        let figure = Figure(key: key)
        let usable = pairs.filter { $0.0.isFinite && $0.1.isFinite }
        guard !usable.isEmpty else { return nil }
        let differences = Sample(usable.map { $0.0 - $0.1 })
        self.key = key
        rounds = usable.count
        baseline = usable.reduce(0) { $0 + $1.1 } / Double(rounds)
        value = usable.reduce(0) { $0 + $1.0 } / Double(rounds)
        relative = figure.relative
        // A percentage of a baseline that is not above zero means nothing.
        guard !relative || baseline > 0 else { return nil }
        self.confidence = confidence
        self.margin = margin
        self.target = target
        self.headline = headline
        sparse = samples.flatMap(figure.sparseNote)
        let t = rounds >= 2 ? StudentT.quantile(1 - (1 - confidence) / 2, df: Double(rounds - 1)) : .nan
        let spread = differences.deviation / Double(rounds).squareRoot()
        // The spread of the change, in its unit, for the rounds a target width would take: the
        // linearised ratio (v − R·b)/mean(b) for a relative figure.
        let linear: Sample
        if relative {
            let ratio = RatioOfMeans(pairs: usable, confidence: confidence)
            change = 100 * (ratio.ratio - 1)
            low = ratio.low.map { 100 * ($0 - 1) }
            high = ratio.high.map { 100 * ($0 - 1) }
            let (estimate, scale) = (ratio.ratio, 100 / baseline)
            linear = Sample(usable.map { scale * ($0.0 - estimate * $0.1) })
            if figure.unit == "ms" && key.operation != nil {
                milliseconds = differences.mean
                millisecondsHalfWidth = rounds >= 2 ? t * spread : nil
            }
        } else {
            change = differences.mean
            if rounds >= 2 { (low, high) = (change - t * spread, change + t * spread) }
            linear = differences
        }
        if rounds >= 2 {
            let own = Sample(usable.map(\.1)).deviation
            baselineSpread = relative ? 100 * own / baseline : own
            pairedSpread = linear.deviation
        }
        if sparse == nil, let low, let high, low > 0 || high < 0 {
            verdict = .changes
        } else if sparse == nil, let low, let high, low >= -margin && high <= margin {
            verdict = .noChange
        } else {
            verdict = .cannotTell
            if sparse == nil, rounds >= 2, let needed = linear.countFor(halfWidth: target, confidence: confidence) {
                moreRounds = max(1, needed - rounds)
            }
        }
    }

    /// The unit a change is told in: "%", " pp" for a rate in percent, or the figure's own.
    var changeUnit: String {
        relative ? "%" : (figure.unit.hasPrefix("%") ? " pp" : figure.unit.isEmpty ? "" : " \(figure.unit)")
    }

    /// The estimate with its interval: "+12.3% [+10.1%, +14.6%]" (a ratio's interval is not
    /// symmetric), "+0.2500 ± 0.0100" in a figure's own unit.
    package var estimate: String {
        let digits = relative ? 1 : (abs(change) < 0.1 ? 4 : 2)
        let unit = changeUnit
        func number(_ value: Double) -> String { String(format: "%+.\(digits)f", value) + unit }
        guard let low, let high else { return number(change) }
        if relative { return "\(number(change)) [\(number(low)), \(number(high))]" }
        return number(change) + " ± " + String(format: "%.\(digits)f", (high - low) / 2) + unit
    }

    /// The same change in milliseconds, "(+0.137 ms ± 0.021)", for a latency told in percent.
    package var inMilliseconds: String {
        milliseconds.map { String(format: " (%+.3f ms", $0) + (millisecondsHalfWidth.map { String(format: " ± %.3f", $0) } ?? "") + ")" }
            ?? ""
    }

    /// The change in words: "changes it by +12.3% [+10.1%, +14.6%]", "no change larger than ±2%",
    /// "cannot tell yet: +1.8% [−1.3%, +4.9%] after 4 rounds, about 30 more rounds for ±2%".
    package var words: String {
        let unit = changeUnit
        let digits = relative ? 1 : (abs(change) < 0.1 ? 4 : 2)
        let target = String(format: "%.\(digits)f", self.target) + unit
        switch verdict {
        case .changes: return "changes it by \(estimate)\(inMilliseconds)"
        case .noChange: return "no change larger than ±\(String(format: "%.\(digits)f", margin))\(unit) (\(estimate))"
        case .cannotTell:
            if let sparse { return "cannot tell: sparse, \(sparse) (\(estimate))" }
            guard low != nil else {
                return rounds < 2
                    ? "cannot tell yet: one round gives no interval"
                    : "cannot tell yet: \(estimate), the baseline's rounds too spread to bound a ratio"
            }
            let more = moreRounds.map { ", about \($0) more rounds for ±\(target)" } ?? ""
            return "cannot tell yet: \(estimate) after \(rounds) rounds\(more)"
        }
    }
}
