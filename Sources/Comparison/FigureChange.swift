import Foundation
import Scenario

/// A variant's change in one figure against the baseline, from rounds paired by their number
/// (the variant's block and the baseline's block of one round shared the machine's state), with
/// a 95% Student-t interval, and the verdict it supports.
package struct FigureChange: Sendable, Equatable, Codable {
    package var key: FigureKey
    package var rounds: Int
    /// Means over the rounds, in the figure's unit.
    package var baseline: Double
    package var value: Double
    /// In percent of the baseline for a relative figure, else in the figure's unit.
    package var change: Double
    package var halfWidth: Double?
    package var verdict: Verdict
    /// The margin inside which an interval means no change worth naming.
    package var margin: Double
    /// Cannot tell yet: about how many more rounds would bring the interval to `target`.
    package var moreRounds: Int?
    package var target: Double
    /// Set when the figure rests on too few samples per round to be more than a guess.
    package var sparse: String?
    package var headline: Bool
    /// For a time told in percent, the same change in milliseconds with its interval: an added
    /// service time shows as itself there, whatever else the latency holds.
    package var milliseconds: Double?
    package var millisecondsHalfWidth: Double?

    package var figure: Figure { Figure(key: key) }

    /// `pairs`: (variant, baseline) per round. `margin` and `target` are in the figure's change
    /// unit (percent for a relative figure).
    package init?(
        key: FigureKey, pairs: [(Double, Double)], margin: Double, target: Double, samples: Int?, headline: Bool
    ) {
        let figure = Figure(key: key)
        let usable = pairs.filter { $0.0.isFinite && $0.1.isFinite && (!figure.relative || $0.1 != 0) }
        guard !usable.isEmpty else { return nil }
        let differences = usable.map { figure.relative ? 100 * ($0.0 / $0.1 - 1) : $0.0 - $0.1 }
        let sample = Sample(differences)
        self.key = key
        rounds = usable.count
        baseline = Sample(usable.map(\.1)).mean
        value = Sample(usable.map(\.0)).mean
        change = sample.mean
        halfWidth = sample.halfWidth
        self.margin = margin
        self.target = target
        self.headline = headline
        sparse = samples.flatMap(figure.sparseNote)
        if figure.unit == "ms" && figure.relative && key.operation != nil {
            let absolute = Sample(usable.map { $0.0 - $0.1 })
            milliseconds = absolute.mean
            millisecondsHalfWidth = absolute.halfWidth
        }
        if let halfWidth, abs(change) > halfWidth {
            verdict = .changes
        } else if let halfWidth, abs(change) + halfWidth <= margin {
            verdict = .noChange
        } else {
            verdict = .cannotTell
            moreRounds = sample.countFor(halfWidth: target).map { max(1, $0 - rounds) }
        }
    }

    /// The change in words: "changes it by +12.3% ± 1.9%", "no change larger than ±2%",
    /// "cannot tell yet: ±6.1% after 4 rounds, about 30 more rounds for ±2%".
    package var words: String {
        let unit = figure.relative ? "%" : (figure.unit.hasPrefix("%") ? " pp" : figure.unit.isEmpty ? "" : " \(figure.unit)")
        let digits = figure.relative ? 1 : (abs(change) < 0.1 ? 4 : 2)
        func number(_ value: Double, signed: Bool = true) -> String {
            String(format: signed ? "%+.\(digits)f" : "%.\(digits)f", value)
        }
        let interval = halfWidth.map { " ± " + number($0, signed: false) + unit } ?? ""
        let inMilliseconds =
            milliseconds.map { String(format: " (%+.3f ms", $0) + (millisecondsHalfWidth.map { String(format: " ± %.3f", $0) } ?? "") + ")" } ?? ""
        switch verdict {
        case .changes: return "changes it by \(number(change))\(unit)\(interval)\(inMilliseconds)"
        case .noChange:
            return "no change larger than ±\(number(margin, signed: false))\(unit) (\(number(change))\(unit)\(interval))"
        case .cannotTell:
            guard let halfWidth else { return "cannot tell yet: one round gives no interval" }
            let more = moreRounds.map { ", about \($0) more rounds for ±\(number(target, signed: false))\(unit)" } ?? ""
            return "cannot tell yet: \(number(change))\(unit) ± \(number(halfWidth, signed: false))\(unit) after \(rounds) rounds\(more)"
        }
    }
}
