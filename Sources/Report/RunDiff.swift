import Analysis
import Foundation
import Results
import Workload

/// Compares two runs of a scenario: per phase and operation (and component, when both were
/// traced), the change in each percentile and in throughput.
public enum RunDiff {
    public struct Row: Sendable {
        public var phase: String
        public var operation: String
        /// nil for the operation's own latency and throughput.
        public var component: String?
        public var metric: String
        public var base: Double
        public var new: Double
        /// True when higher is worse (latency); false for throughput.
        public var higherIsWorse: Bool

        /// Change in percent of the base; nil when the base is 0.
        public var changePercent: Double? { base != 0 ? (new - base) / base * 100 : nil }

        /// How much worse, in percent (negative: better).
        public var regressionPercent: Double {
            guard let change = changePercent else { return new > base && higherIsWorse ? .infinity : 0 }
            return higherIsWorse ? change : -change
        }

        /// Worse by more than `percent` and, for times, by more than `floorMs` too: a component
        /// that went from 0.007 to 0.026 ms is +271% but no regression anyone could act on.
        public func isRegression(percent: Double, floorMs: Double) -> Bool {
            regressionPercent > percent && (!higherIsWorse || abs(new - base) >= floorMs)
        }

        public func isImprovement(percent: Double, floorMs: Double) -> Bool {
            regressionPercent < -percent && (!higherIsWorse || abs(new - base) >= floorMs)
        }

        public var label: String { "\(phase)/\(operation)\(component.map { "/\($0)" } ?? "") \(metric)" }
    }

    /// Two runs of different scenarios (or of the same name with other phases) have nothing to
    /// compare: every row would be missing and "nothing got worse" would be a lie.
    static func checkComparable(base: RunRecord, new: RunRecord) throws {
        let basePhases = base.phases.filter { !$0.warmup }.map(\.name)
        let newPhases = new.phases.filter { !$0.warmup }.map(\.name)
        guard base.scenario.name == new.scenario.name, basePhases == newPhases else {
            throw ReportError.refused(
                "the runs are of different scenarios: '\(base.scenario.name)' [\(basePhases.joined(separator: ", "))] and '\(new.scenario.name)' [\(newPhases.joined(separator: ", "))]; diff compares runs of one scenario"
            )
        }
    }

    public static func compare(base: RunRecord, new: RunRecord) throws -> [Row] {
        try checkComparable(base: base, new: new)
        let baseRows = try LatencyRow.rows(of: base)
        let newRows = try LatencyRow.rows(of: new)
        var rows: [Row] = []
        for b in baseRows {
            guard let n = newRows.first(where: { $0.phase == b.phase && $0.operation == b.operation }) else { continue }
            let op = b.operation.rawValue
            for (metric, x, y) in [
                ("p50_ms", b.latency.p50, n.latency.p50), ("p90_ms", b.latency.p90, n.latency.p90),
                ("p99_ms", b.latency.p99, n.latency.p99), ("p999_ms", b.latency.p999, n.latency.p999),
            ] {
                rows.append(Row(phase: b.phase, operation: op, metric: metric, base: x, new: y, higherIsWorse: true))
            }
            rows.append(
                Row(
                    phase: b.phase, operation: op, metric: "throughput_per_s", base: b.throughputPerSecond,
                    new: n.throughputPerSecond, higherIsWorse: false))
        }
        let baseComponents = base.tracing?.breakdowns.flatMap(\.components) ?? []
        let newComponents = new.tracing?.breakdowns.flatMap(\.components) ?? []
        for b in baseComponents {
            guard
                let n = newComponents.first(where: {
                    $0.phase == b.phase && $0.operation == b.operation && $0.component == b.component
                })
            else { continue }
            rows.append(
                Row(
                    phase: b.phase, operation: b.operation, component: b.component, metric: "p50_ms", base: b.p50Ms,
                    new: n.p50Ms, higherIsWorse: true))
            rows.append(
                Row(
                    phase: b.phase, operation: b.operation, component: b.component, metric: "p99_ms", base: b.p99Ms,
                    new: n.p99Ms, higherIsWorse: true))
        }
        return rows
    }

    /// Markdown for a pull-request comment; rows worse by more than `tolerance` percent and
    /// `floorMs` are flagged.
    public static func markdown(
        _ rows: [Row], baseName: String, newName: String, tolerance: Double, floorMs: Double = 0
    ) -> String {
        var out = "### traceload: \(newName) against \(baseName)\n\n"
        let flagged = rows.filter { $0.isRegression(percent: tolerance, floorMs: floorMs) }
        let floor = floorMs > 0 ? " (and \(fixed(floorMs, 2)) ms)" : ""
        out +=
            flagged.isEmpty
            ? "No metric got worse by more than \(fixed(tolerance, 0))%\(floor).\n\n"
            : "**\(flagged.count) metric\(flagged.count == 1 ? "" : "s") got worse by more than \(fixed(tolerance, 0))%\(floor).**\n\n"
        out += "| phase | operation | metric | base | new | change | |\n|---|---|---|--:|--:|--:|---|\n"
        for row in rows where row.component == nil {
            out += line(row, tolerance: tolerance, floorMs: floorMs)
        }
        let components = rows.filter { $0.component != nil }
        if !components.isEmpty {
            out +=
                "\nPer component (ms):\n\n| phase | operation | component | metric | base | new | change | |\n|---|---|---|---|--:|--:|--:|---|\n"
            for row in components { out += line(row, tolerance: tolerance, floorMs: floorMs) }
        }
        return out
    }

    static func line(_ row: Row, tolerance: Double, floorMs: Double) -> String {
        let change = row.changePercent.map { ($0 >= 0 ? "+" : "") + fixed($0, 1) + "%" } ?? "—"
        let flag =
            row.isRegression(percent: tolerance, floorMs: floorMs)
            ? "⚠️ worse"
            : (row.isImprovement(percent: tolerance, floorMs: floorMs) ? "better" : "")
        let component = row.component.map { "\($0) | " } ?? ""
        return
            "| \(row.phase) | \(row.operation) | \(component)\(row.metric) | \(fixed(row.base)) | \(fixed(row.new)) | \(change) | \(flag) |\n"
    }
}
