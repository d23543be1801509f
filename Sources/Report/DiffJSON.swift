import Comparison
import Foundation

/// `traceload diff --format json`: the diff the Markdown shows, for a program (a CI step that
/// writes its own comment, a dashboard that keeps the history). Every figure with its change, its
/// noise, what the noise is from, its verdict and what the gate says of it. A key is left out
/// where there is no value (no noise estimate, a change from a base of 0), so that every number
/// present is a number: JSON has no NaN.
package struct DiffJSON: Codable, Sendable, Equatable {
    package struct Setting: Codable, Sendable, Equatable {
        package var key: String
        package var base: String
        package var new: String
    }

    package struct Figure: Codable, Sendable, Equatable {
        package var phase: String
        package var operation: String
        /// Present for a component's figures (from the traces).
        package var component: String?
        /// As in scenario thresholds: p50_ms, p99_ms, throughput_per_s, recall, ...
        package var metric: String
        /// The base runs' mean, and the new run's value, in the metric's unit.
        package var base: Double?
        package var new: Double?
        /// new − base in percent of the base (`changeUnit` "percent"), or in the metric's own unit ("unit").
        package var change: Double?
        package var changeUnit: String
        /// Half-width of the 95% interval of new − base, in the metric's unit, and in the unit of `change`.
        package var noise: Double?
        package var noiseChange: Double?
        /// What the noise is estimated from: "between 3 base runs", "rounds", "within the runs", "traces".
        package var noiseFrom: String
        /// "changes" (beyond its noise), "cannot-tell", or "sparse" (too few requests to be more than a guess).
        package var verdict: String
        package var sparse: String?
        /// "worse" or "better" beyond the gate's bound (by more than the tolerance), "within", or "not gated".
        package var gate: String
        /// The gate's half-width in the metric's unit and in percent of the base; absent when not gated.
        package var gateBound: Double?
        package var gateBoundPercent: Double?
        package var notGated: String?
    }

    package var new: String
    package var bases: [String]
    /// The Markdown's first line: what the noise between runs is known from, and so whether the diff gates.
    package var noiseBetweenRuns: String
    package var baseRuns: Int
    package var baseRounds: Int
    /// `--between-run-noise`, with one base run.
    package var allowancePercent: Double?
    /// Whether any figure is gated (false with one base run and no allowance).
    package var gated: Bool
    package var tolerancePercent: Double
    package var noiseFloorMs: Double
    /// `--fail-on-regression`, and the gated figures worse by more than it beyond their bound (exit 5).
    package var failOnRegressionPercent: Double?
    package var regressions: [String]
    /// Settings the (first) base run and the new one differ in; settings the base runs differ in among themselves.
    package var settings: [Setting]
    package var baseSettingsDiffer: [String]
    package var figures: [Figure]

    package init(
        _ diff: RunDiff, baseNames: [String], newName: String, tolerance: Double, floorMs: Double, limit: Double?,
        regressions: [String]
    ) {
        new = newName
        bases = baseNames
        noiseBetweenRuns = DiffReport.firstLine(diff)
        baseRuns = diff.baseCount
        baseRounds = diff.baseRounds
        allowancePercent = diff.allowance
        gated = !diff.gated.isEmpty
        tolerancePercent = tolerance
        noiseFloorMs = floorMs
        failOnRegressionPercent = limit
        self.regressions = regressions
        settings = diff.settings.map { Setting(key: $0.key, base: $0.base, new: $0.new) }
        baseSettingsDiffer = diff.baseSettings
        figures = diff.figures.map { figure in
            Figure(
                phase: figure.phase, operation: figure.operation, component: figure.component,
                metric: figure.metric.rawValue, base: finite(figure.base), new: finite(figure.new),
                change: finite(figure.change), changeUnit: figure.relative ? "percent" : "unit",
                noise: finite(figure.noise), noiseChange: finite(figure.noiseChange), noiseFrom: figure.method,
                verdict: figure.sparse != nil ? "sparse" : figure.verdict.rawValue, sparse: figure.sparse,
                gate: DiffReport.status(of: figure, tolerance: tolerance, floorMs: floorMs).rawValue,
                gateBound: figure.notGated == nil ? finite(figure.gateNoise) : nil,
                gateBoundPercent: figure.notGated == nil ? finite(DiffReport.boundPercent(figure)) : nil,
                notGated: figure.notGated)
        }
    }

    /// Pretty-printed with sorted keys (stable for a diff of two outputs), ending in a newline.
    package func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}

/// The value when it is a number JSON can hold.
private func finite(_ value: Double?) -> Double? {
    value.flatMap { $0.isFinite ? $0 : nil }
}
