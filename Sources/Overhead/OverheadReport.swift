import Foundation
import Report
import Workload
import Results

/// What one run of one setting measured, over the scenario's measured (non-warmup) phases.
public struct SettingRun: Sendable, Codable {
    public var setting: CompareSetting
    public var round: Int
    public var requests: Int
    public var errors: Int
    public var measuredSeconds: Double
    /// Latency of every measured request, all operations merged.
    public var latency: EncodedHistogram
    public var operations: [String: EncodedHistogram]
    /// CPU (user + system) of the traceload process during the measured phases.
    public var clientCPUSeconds: Double
    /// CPU of the Milvus process during the measured phases; nil without its metrics page.
    public var serverCPUSeconds: Double?
    /// Highest resident memory of the Milvus process seen at a phase boundary.
    public var serverResidentBytes: Double?
    /// Spans (client and server) that reached traceload's receiver during the measured phases.
    public var spansReceived: Int?
    /// Spans the client's exporter dropped, and spans the receiver could not take.
    public var spansDropped: Int
    /// Set when the run was cut short; its figures cover what ran.
    public var partial: String?

    public init(setting: CompareSetting, round: Int, requests: Int, errors: Int, measuredSeconds: Double, latency: EncodedHistogram,
                operations: [String: EncodedHistogram], clientCPUSeconds: Double, serverCPUSeconds: Double?, serverResidentBytes: Double?,
                spansReceived: Int?, spansDropped: Int, partial: String? = nil) {
        self.setting = setting
        self.round = round
        self.requests = requests
        self.errors = errors
        self.measuredSeconds = measuredSeconds
        self.latency = latency
        self.operations = operations
        self.clientCPUSeconds = clientCPUSeconds
        self.serverCPUSeconds = serverCPUSeconds
        self.serverResidentBytes = serverResidentBytes
        self.spansReceived = spansReceived
        self.spansDropped = spansDropped
        self.partial = partial
    }

    public var throughput: Double { measuredSeconds > 0 ? Double(requests) / measuredSeconds : 0 }
    /// Milliseconds of CPU per request = CPU seconds per 1,000 requests.
    public var clientCPUMsPerRequest: Double { requests > 0 ? clientCPUSeconds * 1000 / Double(requests) : .nan }
    public var serverCPUMsPerRequest: Double? { serverCPUSeconds.map { requests > 0 ? $0 * 1000 / Double(requests) : .nan } }
    public var spansPerSecond: Double? { spansReceived.map { measuredSeconds > 0 ? Double($0) / measuredSeconds : 0 } }
    public var p99Ms: Double { (try? LatencySummary(latency.decode()).p99) ?? .nan }
}

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
        serverCPUChange = .absolute(mine.map { $0.serverCPUMsPerRequest ?? .nan }, baseline: base.map { $0.serverCPUMsPerRequest ?? .nan })
    }

    /// The plain-language line: what this setting costs against tracing off.
    public var verdict: String {
        guard !setting.isBaseline else { return "tracing off: the baseline" }
        var parts: [String] = []
        if let change = throughputChange {
            parts.append(change.mean <= 0 ? "costs \(describe(change, negate: true, unit: "%")) of throughput"
                                          : "changes throughput by +\(describe(change, unit: "%"))")
        }
        if let change = p99Change { parts.append("moves p99 by \(signed(change.mean))% \(interval(change, unit: "%"))") }
        if let change = serverCPUChange { parts.append("\(describeMs(change)) of server CPU per request") }
        if let change = clientCPUChange { parts.append("\(signed(change.mean))% \(interval(change, unit: "%")) of client CPU per request") }
        guard !parts.isEmpty else { return "\(setting.label): no baseline run to compare with" }
        let noise = [throughputChange, p99Change, clientCPUChange, serverCPUChange].compactMap { $0 }
        let within = noise.allSatisfy { $0.halfWidth != nil && !$0.isSignificant }
        return "\(setting.label) " + parts.joined(separator: ", ") + (within ? " — all within the noise of the repeats" : "")
    }

    func describe(_ change: PairedChange, negate: Bool = false, unit: String) -> String {
        let value = negate ? -change.mean : change.mean
        return String(format: "%.1f", value) + unit + (change.halfWidth.map { " ± " + String(format: "%.1f", $0) + unit } ?? " (one round, no interval)")
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

/// overhead.csv and overhead.md from the runs of a sweep.
public struct OverheadReport: Sendable {
    public var scenario: String
    public var settings: [CompareSetting]
    public var repeats: Int
    public var summaries: [SettingSummary]
    public var notes: [String]

    public init(scenario: String, settings: [CompareSetting], repeats: Int, runs: [SettingRun], notes: [String] = []) throws {
        self.scenario = scenario
        self.settings = settings
        self.repeats = repeats
        self.notes = notes
        let baseline = runs.filter { $0.setting.isBaseline }
        summaries = try settings.compactMap { setting in
            let mine = runs.filter { $0.setting == setting }
            return mine.isEmpty ? nil : try SettingSummary(setting: setting, runs: mine, baseline: baseline)
        }
    }

    public static let csvHeader = "setting,client_fraction,server_fraction,repeats,throughput_per_s,p50_ms,p99_ms,client_cpu_ms_per_req,server_cpu_ms_per_req,spans_per_s,"
        + "spans_dropped,server_rss_mb,errors,throughput_change_pct,throughput_change_ci_pct,p99_change_pct,p99_change_ci_pct,"
        + "client_cpu_change_pct,client_cpu_change_ci_pct,server_cpu_change_ms_per_req,server_cpu_change_ci_ms_per_req"

    public var csv: String {
        var out = Self.csvHeader + "\n"
        for s in summaries {
            func optional(_ value: Double?, _ decimals: Int = 3) -> String { value.map { fixed($0, decimals) } ?? "" }
            let fields: [String] = [
                s.setting.name, s.setting.clientFraction.map(formatFraction) ?? "off", s.setting.serverFraction.map(formatFraction) ?? "off",
                String(s.runs.count), fixed(s.throughput, 2), fixed(s.latency.p50), fixed(s.latency.p99),
                fixed(s.clientCPUMsPerRequest, 4), optional(s.serverCPUMsPerRequest, 4), optional(s.spansPerSecond, 1),
                String(s.spansDropped), optional(s.serverResidentMB, 1), String(s.errors),
                optional(s.throughputChange?.mean, 2), optional(s.throughputChange?.halfWidth, 2),
                optional(s.p99Change?.mean, 2), optional(s.p99Change?.halfWidth, 2),
                optional(s.clientCPUChange?.mean, 2), optional(s.clientCPUChange?.halfWidth, 2),
                optional(s.serverCPUChange?.mean, 4), optional(s.serverCPUChange?.halfWidth, 4),
            ]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    public var markdown: String {
        var out = "# What tracing costs: \(scenario)\n\n"
        let order = settings.map(\.name).joined(separator: " ")
        out += "\(settings.count) settings × \(repeats) repeat\(repeats == 1 ? "" : "s")"
        out += repeats > 1 ? ", interleaved (\(order), then again). " : " (\(order)). "
        out += "Changes are against tracing off, paired by round, with 95% confidence intervals from the repeats.\n\n"
        out += "## Verdicts\n\n"
        for s in summaries { out += "- \(s.verdict)\n" }
        out += "\n## Per setting\n\n"
        out += "| setting | client fraction | server fraction | repeats | req/s | p50 ms | p99 ms | client CPU ms/req | server CPU ms/req | spans/s | dropped | server RSS MB | errors |\n"
        out += "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for s in summaries {
            func optional(_ value: Double?, _ decimals: Int = 3) -> String { value.map { fixed($0, decimals) } ?? "n/a" }
            let cells = [
                s.setting.name, s.setting.clientFraction.map(formatFraction) ?? "off", s.setting.serverFraction.map(formatFraction) ?? "off",
                String(s.runs.count), fixed(s.throughput, 1), fixed(s.latency.p50), fixed(s.latency.p99), fixed(s.clientCPUMsPerRequest, 4),
                optional(s.serverCPUMsPerRequest, 4), optional(s.spansPerSecond, 1), String(s.spansDropped), optional(s.serverResidentMB, 0), String(s.errors),
            ]
            out += "| " + cells.map(markdownCell).joined(separator: " | ") + " |\n"
        }
        let operations = Set(summaries.flatMap { $0.operations.map(\.operation) }).sorted()
        if operations.count > 1 {
            out += "\n## Latency per operation (ms, merged over repeats)\n\n"
            out += "| setting | " + operations.map { "\($0) p50 | \($0) p99" }.joined(separator: " | ") + " |\n"
            out += "|---|" + String(repeating: "---:|", count: operations.count * 2) + "\n"
            for s in summaries {
                let cells = operations.map { name -> String in
                    guard let l = s.operations.first(where: { $0.operation == name })?.latency else { return "n/a | n/a" }
                    return fixed(l.p50) + " | " + fixed(l.p99)
                }
                out += "| \(s.setting.name) | " + cells.joined(separator: " | ") + " |\n"
            }
        }
        out += "\n## Runs\n\n| setting | round | requests | seconds | req/s | p99 ms | client CPU s | server CPU s | spans |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        let position = Dictionary(uniqueKeysWithValues: settings.enumerated().map { ($1, $0) })
        for run in summaries.flatMap(\.runs).sorted(by: { ($0.round, position[$0.setting] ?? 0) < ($1.round, position[$1.setting] ?? 0) }) {
            let cells = [
                run.setting.name + (run.partial == nil ? "" : " (partial)"), String(run.round + 1), String(run.requests), fixed(run.measuredSeconds, 1),
                fixed(run.throughput, 1), fixed(run.p99Ms), fixed(run.clientCPUSeconds, 2), run.serverCPUSeconds.map { fixed($0, 2) } ?? "n/a",
                run.spansReceived.map(String.init) ?? "n/a",
            ]
            out += "| " + cells.map(markdownCell).joined(separator: " | ") + " |\n"
        }
        out += "\n## How it was measured\n\n"
        out += "- Client CPU is the traceload process's own user + system time (getrusage) over the measured phases: load generation, "
            + "the gRPC client and the client's span export. Spans are received by a separate `traceload receive` process, so collecting "
            + "them is not counted.\n"
        out += "- Server CPU and memory come from Milvus's Prometheus page (`process_cpu_seconds_total`, `process_resident_memory_bytes`), "
            + "read at the start and end of each measured phase.\n"
        out += "- Latency percentiles come from the runs' histograms merged; throughput and CPU figures are means over the repeats.\n"
        for note in notes { out += "- \(note)\n" }
        return out
    }
}
