import Foundation
import Results
import ServerMetrics

/// Evaluates a run against its scenario's thresholds, and renders the outcome for people
/// (summary.md) and CI (JUnit XML).
package enum ThresholdReport {
    package struct Outcome: Sendable, Codable {
        package var key: String
        package var condition: String
        /// nil when the run has no data for it (which fails the threshold).
        package var actual: Double?
        package var passed: Bool
        package var note: String
        /// The error-rate gate every operation gets unless the scenario says otherwise.
        package var isDefault: Bool = false
    }

    package static func evaluate(_ run: RunRecord) throws -> [Outcome] {
        try run.scenario.thresholds.map { threshold in
            let (actual, note) = try measure(threshold, in: run)
            let passed = actual.map(threshold.holds) ?? false
            return Outcome(
                key: threshold.key, condition: threshold.condition, actual: actual, passed: passed,
                note: threshold.isDefault == true ? note + "; the default error gate (maxErrorRate)" : note,
                isDefault: threshold.isDefault == true)
        }
    }

    /// The value a threshold speaks of: an operation's histograms merged over the reported
    /// phases; for components, the worst phase.
    static func measure(_ threshold: ThresholdRecord, in run: RunRecord) throws -> (Double?, String) {
        let phases = run.phases.filter { !$0.warmup }
        if let stage = threshold.stage {
            return measureStage(stage, threshold: threshold, phases: phases)
        }
        if let component = threshold.component {
            let rows = (run.tracing?.breakdowns ?? []).filter { $0.operation == threshold.operation }
                .flatMap(\.components).filter { $0.component == component }
            guard !rows.isEmpty else {
                return (nil, "no traced \(threshold.operation) requests with component \(component)")
            }
            let values = rows.map { row -> Double in
                switch threshold.metric {
                case .p50: row.p50Ms
                case .p90: row.p90Ms
                case .p99: row.p99Ms
                case .shareOfMean: row.shareOfMean
                default: row.meanMs
                }
            }
            return (values.max(), rows.count > 1 ? "worst of \(rows.count) phases" : "phase \(rows[0].phase)")
        }
        let ops = phases.compactMap { phase in
            phase.operations.first { $0.operation == threshold.operation }.map { (phase, $0) }
        }
        guard !ops.isEmpty else { return (nil, "no \(threshold.operation) requests in the run") }
        if threshold.metric == .recall {
            // Over every reported phase's checked searches together (counts add, ratios do not).
            let recall = ops.compactMap(\.1.recall).reduce(RecallRecord(searches: 0, hits: 0, expected: 0)) {
                $0.adding($1)
            }
            guard let value = recall.recall else {
                return (nil, "no search was checked against the ground truth (set search.recall and dataset files)")
            }
            return (
                value,
                "\(recall.searches) searches checked"
                    + (ops.count > 1 ? " over \(ops.count) phases" : " in phase \(ops[0].0.name)")
            )
        }
        var requests = 0
        var errors = 0
        var seconds = 0.0
        for (phase, op) in ops {
            requests += op.requests
            errors += op.errorCount
            seconds += phase.elapsedSeconds
        }
        let summary = try LatencySummary(merging: ops.map(\.1.histogram))
        let scope = ops.count > 1 ? "over \(ops.count) phases" : "phase \(ops[0].0.name)"
        if summary.count == 0 && threshold.metric.isLatency {
            // Every request failed: there is no latency, and no latency threshold can hold.
            return (nil, "no data: none of \(requests) \(threshold.operation) requests succeeded (\(scope))")
        }
        let value: Double =
            switch threshold.metric {
            case .p50: summary.p50
            case .p90: summary.p90
            case .p99: summary.p99
            case .p999: summary.p999
            case .max: summary.max
            case .mean: summary.mean
            case .throughput: seconds > 0 ? Double(summary.count) / seconds : 0
            case .requests: Double(requests)
            default: threshold.percent ? (requests > 0 ? Double(errors) / Double(requests) * 100 : 0) : Double(errors)
            }
        return (value, scope)
    }

    /// A Milvus stage: its label sets added up per phase; a count over every reported phase, the
    /// other figures of the worst phase.
    static func measureStage(_ stage: String, threshold: ThresholdRecord, phases: [PhaseRecord]) -> (Double?, String) {
        let perPhase = phases.compactMap { phase -> (String, BucketHistogram)? in
            let rows = (phase.server?.stages ?? []).filter {
                $0.stage == stage && $0.operation == threshold.operation
            }
            guard let first = rows.first else { return nil }
            return (phase.name, rows.dropFirst().reduce(first.histogram) { $0.adding($1.histogram) })
        }
        guard !perPhase.isEmpty else {
            return (nil, "Milvus measured no \(stage) for \(threshold.operation) (are its metrics reachable?)")
        }
        if threshold.metric == .count {
            return (
                perPhase.reduce(0) { $0 + $1.1.count },
                perPhase.count > 1 ? "over \(perPhase.count) phases" : "phase \(perPhase[0].0)"
            )
        }
        let values = perPhase.compactMap { name, histogram -> (String, Double)? in
            let value: Double? =
                switch threshold.metric {
                case .p50: histogram.quantile(0.5)
                case .p90: histogram.quantile(0.9)
                case .p99: histogram.quantile(0.99)
                default: histogram.mean
                }
            return value.map { (name, $0) }
        }
        guard let worst = values.max(by: { $0.1 < $1.1 }) else { return (nil, "no observations of \(stage)") }
        let estimate = threshold.metric == .mean ? "" : " (estimated from Milvus's buckets)"
        return (
            worst.1, (values.count > 1 ? "worst of \(values.count) phases: \(worst.0)" : "phase \(worst.0)") + estimate
        )
    }

    /// "The threshold holds" / "All 3 thresholds hold".
    static func allHold(_ count: Int) -> String { count == 1 ? "The threshold holds" : "All \(count) thresholds hold" }

    /// The line a summary opens with when thresholds were crossed: what, by how much.
    package static func lead(_ outcomes: [Outcome]) -> String? {
        let crossed = outcomes.filter { !$0.passed }
        guard !crossed.isEmpty else { return nil }
        let listed = crossed.map { outcome in
            let actual = outcome.actual.map { fixed($0, 2) + (outcome.condition.hasSuffix("%") ? "%" : "") } ?? "no data"
            return "`\(outcome.key)` \(actual) (\(outcome.condition)\(outcome.isDefault ? ", the default error gate" : ""))"
        }
        return "**\(crossed.count) threshold\(crossed.count == 1 ? "" : "s") crossed:** " + listed.joined(separator: "; ")
    }

    package static func markdown(_ outcomes: [Outcome]) -> String {
        guard !outcomes.isEmpty else { return "" }
        let failed = outcomes.filter { !$0.passed }.count
        var out =
            "## Thresholds\n\n"
            + (failed == 0
                ? "\(allHold(outcomes.count)).\n\n"
                : "**\(failed) of \(outcomes.count) threshold\(outcomes.count == 1 ? "" : "s") crossed.**\n\n")
        out += "| | threshold | condition | actual | |\n|---|---|---|--:|---|\n"
        for o in outcomes {
            out +=
                "| \(o.passed ? "✅" : "❌") | `\(o.key)` | \(o.condition) | \(o.actual.map { fixed($0) } ?? "no data") | \(o.note) |\n"
        }
        return out
    }

    /// JUnit XML: one test case per threshold, a failure for each crossed one. A test case is
    /// named by its threshold's key alone (`search.p99_ms`), never by its condition or its value,
    /// so that CI's test history lines up the same threshold across runs, also after its limit
    /// is changed; the condition and the value measured are in its output and its failure.
    package static func junit(_ outcomes: [Outcome], scenario: String, seconds: Double) -> String {
        let failed = outcomes.filter { !$0.passed }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<testsuites name=\"traceload\" tests=\"\(outcomes.count)\" failures=\"\(failed)\" time=\"\(fixed(seconds, 1))\">\n"
        out +=
            "  <testsuite name=\"\(xml(scenario)) thresholds\" tests=\"\(outcomes.count)\" failures=\"\(failed)\" time=\"\(fixed(seconds, 1))\">\n"
        for o in outcomes {
            let actual = o.actual.map { fixed($0) } ?? "no data"
            out += "    <testcase classname=\"traceload.\(xml(scenario))\" name=\"\(xml(o.key))\">\n"
            if !o.passed {
                out +=
                    "      <failure message=\"\(xml("\(o.key) is \(actual), expected \(o.condition)"))\">\(xml(o.note))</failure>\n"
            }
            out += "      <system-out>\(xml("\(o.key) \(o.condition): \(actual) (\(o.note))"))</system-out>\n"
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    static func xml(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
