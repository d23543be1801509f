import Foundation
import Report
import Results
import Workload

/// One setting over its repeats: figures from merged histograms and means over rounds, and the
/// change against the tracing-off baseline paired by round.
public struct SettingSummary: Sendable {
    public var setting: CompareSetting
    public var runs: [SettingRun]
    public var latency: LatencySummary
    public var operations: [(operation: String, latency: LatencySummary)]
    public var throughput: Double
    public var clientCPUMsPerRequest: Double
    public var serverCPUMsPerRequest: Double?
    public var serverResidentMB: Double?
    public var spansPerSecond: Double?
    public var spansDropped: Int
    public var errors: Int
    public var throughputChange: PairedChange?
    public var p99Change: PairedChange?
    public var clientCPUChange: PairedChange?
    /// Absolute, in ms of server CPU per request.
    public var serverCPUChange: PairedChange?

    init(setting: CompareSetting, runs: [SettingRun], baseline: [SettingRun]) throws {
        self.setting = setting
        self.runs = runs
        var merged = Latency.histogram()
        var byOperation: [String: LatencyHistogram] = [:]
        for run in runs {
            merged.add(try run.latency.decode())
            for (operation, encoded) in run.operations {
                byOperation[operation, default: Latency.histogram()].add(try encoded.decode())
            }
        }
        latency = LatencySummary(merged)
        operations = byOperation.keys.sorted().map { ($0, LatencySummary(byOperation[$0]!)) }
        throughput = meanOfFinite(runs.map(\.throughput))
        clientCPUMsPerRequest = meanOfFinite(runs.map(\.clientCPUMsPerRequest))
        serverCPUMsPerRequest = meanIfAll(runs.map(\.serverCPUMsPerRequest))
        serverResidentMB = meanIfAll(runs.map { $0.serverResidentBytes.map { $0 / 1_048_576 } })
        spansPerSecond = meanIfAll(runs.map(\.spansPerSecond))
        spansDropped = runs.reduce(0) { $0 + $1.spansDropped }
        errors = runs.reduce(0) { $0 + $1.errors }
        guard !setting.isBaseline else { return }
        // Pair each run with the baseline's run of the same round.
        let pairs = runs.compactMap { run in baseline.first { $0.round == run.round }.map { (run, $0) } }
        let mine = pairs.map(\.0)
        let base = pairs.map(\.1)
        throughputChange = .relative(mine.map(\.throughput), baseline: base.map(\.throughput))
        p99Change = .relative(mine.map(\.p99Ms), baseline: base.map(\.p99Ms))
        clientCPUChange = .relative(mine.map(\.clientCPUMsPerRequest), baseline: base.map(\.clientCPUMsPerRequest))
        serverCPUChange = .absolute(
            mine.map { $0.serverCPUMsPerRequest ?? .nan }, baseline: base.map { $0.serverCPUMsPerRequest ?? .nan })
    }

    /// The plain-language line: what this setting costs against tracing off.
    public var verdict: String {
        guard !setting.isBaseline else { return "tracing off: the baseline" }
        var parts: [String] = []
        if let change = throughputChange {
            parts.append(
                change.mean <= 0
                    ? "costs \(describe(change, negate: true, unit: "%")) of throughput"
                    : "changes throughput by +\(describe(change, unit: "%"))")
        }
        if let change = p99Change {
            parts.append("moves p99 by \(signed(change.mean))% \(interval(change, unit: "%"))")
        }
        if let change = serverCPUChange { parts.append("\(describeMs(change)) of server CPU per request") }
        if let change = clientCPUChange {
            parts.append("\(signed(change.mean))% \(interval(change, unit: "%")) of client CPU per request")
        }
        guard !parts.isEmpty else { return "\(setting.label): no baseline run to compare with" }
        let noise = [throughputChange, p99Change, clientCPUChange, serverCPUChange].compactMap { $0 }
        let within = noise.allSatisfy { $0.halfWidth != nil && !$0.isSignificant }
        return "\(setting.label) " + parts.joined(separator: ", ")
            + (within ? " — all within the noise of the repeats" : "")
    }

    func describe(_ change: PairedChange, negate: Bool = false, unit: String) -> String {
        let value = negate ? -change.mean : change.mean
        return String(format: "%.1f", value) + unit
            + (change.halfWidth.map { " ± " + String(format: "%.1f", $0) + unit } ?? " (one round, no interval)")
    }

    func describeMs(_ change: PairedChange) -> String {
        String(format: "%+.3f ms", change.mean) + (change.halfWidth.map { String(format: " ± %.3f", $0) } ?? "")
    }

    func signed(_ value: Double) -> String { String(format: "%+.1f", value) }

    func interval(_ change: PairedChange, unit: String) -> String {
        change.halfWidth.map { "(± " + String(format: "%.1f", $0) + unit + ")" } ?? "(one round)"
    }
}

/// The mean of the finite values (a round without a figure is NaN); NaN when there is none.
func meanOfFinite(_ values: [Double]) -> Double {
    let finite = values.filter(\.isFinite)
    return finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
}

func meanIfAll(_ values: [Double?]) -> Double? {
    let present = values.compactMap { $0 }
    return present.isEmpty ? nil : meanOfFinite(present)
}
