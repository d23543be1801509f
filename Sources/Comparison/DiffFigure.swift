import Foundation
import Scenario

/// One figure of `traceload diff`: the base run's value against the new run's, with the noise
/// both carry, and the verdict the same words as `compare` use.
package struct DiffFigure: Sendable, Equatable {
    package var phase: String
    package var operation: String
    /// nil for the operation's own figures.
    package var component: String?
    package var metric: FigureName
    package var base: Double
    package var new: Double
    package var higherIsBetter: Bool
    /// Half-width of the 95% interval of the difference (new − base), in the figure's unit; nil
    /// without a noise estimate.
    package var noise: Double?
    /// How the noise was estimated: "rounds" (each side's repeated rounds) or "within the runs".
    package var method: String
    /// Too few samples to be more than a guess: reported, never gated.
    package var sparse: String?
    /// Recall and error rates change in their own unit, the rest in percent.
    package var relative: Bool

    package init(
        phase: String, operation: String, component: String? = nil, metric: FigureName, base: Double, new: Double,
        higherIsBetter: Bool, noise: Double?, method: String, sparse: String? = nil, relative: Bool = true
    ) {
        self.phase = phase
        self.operation = operation
        self.component = component
        self.metric = metric
        self.base = base
        self.new = new
        self.higherIsBetter = higherIsBetter
        self.noise = noise
        self.method = method
        self.sparse = sparse
        self.relative = relative
    }

    /// From each side's standard error (independent runs): 1.96 × √(a² + b²).
    package static func noise(base: Double?, new: Double?) -> Double? {
        guard let base, let new else { return nil }
        return 1.96 * (base * base + new * new).squareRoot()
    }

    /// From each side's rounds (Welch's t, unequal spreads).
    package static func noise(baseRounds: [Double], newRounds: [Double]) -> Double? {
        let (a, b) = (Sample(baseRounds), Sample(newRounds))
        guard a.count >= 2, b.count >= 2 else { return nil }
        let va = a.deviation * a.deviation / Double(a.count)
        let vb = b.deviation * b.deviation / Double(b.count)
        let df = (va + vb) * (va + vb) / (va * va / Double(a.count - 1) + vb * vb / Double(b.count - 1))
        return StudentT.q975(max(1, Int(df.isFinite ? df : 1))) * (va + vb).squareRoot()
    }

    /// In percent of the base (relative figures), else in the figure's unit; nil when the base is 0.
    package var change: Double? {
        guard relative else { return new - base }
        return base != 0 ? (new - base) / base * 100 : nil
    }

    /// The noise in the unit of `change`.
    package var noiseChange: Double? {
        guard let noise else { return nil }
        guard relative else { return noise }
        return base != 0 ? noise / abs(base) * 100 : nil
    }

    /// How much worse, in the unit of `change` (negative: better).
    package var worsening: Double {
        guard let change else { return new > base && !higherIsBetter ? .infinity : 0 }
        return higherIsBetter ? -change : change
    }

    /// Beyond its noise (the interval of the difference clear of zero).
    package var isBeyondNoise: Bool {
        guard let noise else { return false }
        return abs(new - base) > noise
    }

    /// Worse by more than `limit` (percent, or the unit of a figure told in its own), beyond its
    /// noise, for times by more than `floorMs` too, and resting on enough samples.
    package func isRegression(limit: Double, floorMs: Double) -> Bool {
        sparse == nil && isBeyondNoise && worsening > limit && (metric.isLatency ? abs(new - base) >= floorMs : true)
    }

    package var verdict: Verdict {
        guard let noiseChange, let change else { return .cannotTell }
        return abs(change) > noiseChange ? .changes : .cannotTell
    }

    package var label: String { "\(phase)/\(operation)\(component.map { "/\($0)" } ?? "") \(metric)" }
}
