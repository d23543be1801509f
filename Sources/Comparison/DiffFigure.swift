import Foundation
import Scenario

/// One figure of `traceload diff`: the base run's value (the mean of several base runs) against
/// the new run's, with the noise it is judged against, and the verdict the same words as
/// `compare` use.
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
    /// without a noise estimate. With several base runs, of the prediction interval for a new run.
    package var noise: Double?
    /// How the noise was estimated: "between 3 base runs", "rounds", "within the runs", "traces".
    package var method: String
    /// Too few samples to be more than a guess: reported, never gated.
    package var sparse: String?
    /// Recall and error rates change in their own unit, the rest in percent.
    package var relative: Bool
    /// The standard error of (new − base) and its degrees of freedom, from which `noise` and the
    /// gate's bound are built; nil without a noise estimate.
    package var error: StandardError?
    /// The half-width the gate compares |new − base| with (`RunDiff` sets it once it knows the
    /// family of gated figures); nil: not gated, and `notGated` says why.
    package var gateNoise: Double?
    /// Why this figure does not decide `--fail-on-regression` (nil when it does).
    package var notGated: String?

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

    /// A gated figure worse by more than `limit` (percent, or the unit of a figure told in its
    /// own), beyond the gate's half-width, and for times by more than `floorMs` too.
    package func isRegression(limit: Double, floorMs: Double) -> Bool {
        guard notGated == nil, sparse == nil, let gateNoise else { return false }
        return abs(new - base) > gateNoise && worsening > limit
            && (metric.isLatency ? abs(new - base) >= floorMs : true)
    }

    package var verdict: Verdict {
        guard let noiseChange, let change else { return .cannotTell }
        return abs(change) > noiseChange ? .changes : .cannotTell
    }

    package var label: String { "\(phase)/\(operation)\(component.map { "/\($0)" } ?? "") \(metric)" }
}
