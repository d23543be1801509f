import Foundation
import Report
import Results
import Workload

/// overhead.csv and overhead.md from the runs of a sweep.
public struct OverheadReport: Sendable {
    public var scenario: String
    public var settings: [CompareSetting]
    public var repeats: Int
    public var summaries: [SettingSummary]
    public var notes: [String]

    public init(scenario: String, settings: [CompareSetting], repeats: Int, runs: [SettingRun], notes: [String] = [])
        throws
    {
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

    public static let csvHeader =
        "setting,client_fraction,server_fraction,repeats,throughput_per_s,p50_ms,p99_ms,client_cpu_ms_per_req,server_cpu_ms_per_req,spans_per_s,"
        + "spans_dropped,server_rss_mb,errors,throughput_change_pct,throughput_change_ci_pct,p99_change_pct,p99_change_ci_pct,"
        + "client_cpu_change_pct,client_cpu_change_ci_pct,server_cpu_change_ms_per_req,server_cpu_change_ci_ms_per_req"

    public var csv: String {
        var out = Self.csvHeader + "\n"
        for s in summaries {
            func optional(_ value: Double?, _ decimals: Int = 3) -> String { value.map { fixed($0, decimals) } ?? "" }
            let fields: [String] = [
                s.setting.name, s.setting.clientFraction.map(formatFraction) ?? "off",
                s.setting.serverFraction.map(formatFraction) ?? "off",
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
        out +=
            "| setting | client fraction | server fraction | repeats | req/s | p50 ms | p99 ms | client CPU ms/req | server CPU ms/req | spans/s | dropped | server RSS MB | errors |\n"
        out += "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for s in summaries {
            func optional(_ value: Double?, _ decimals: Int = 3) -> String {
                value.map { fixed($0, decimals) } ?? "n/a"
            }
            let cells = [
                s.setting.name, s.setting.clientFraction.map(formatFraction) ?? "off",
                s.setting.serverFraction.map(formatFraction) ?? "off",
                String(s.runs.count), fixed(s.throughput, 1), fixed(s.latency.p50), fixed(s.latency.p99),
                fixed(s.clientCPUMsPerRequest, 4),
                optional(s.serverCPUMsPerRequest, 4), optional(s.spansPerSecond, 1), String(s.spansDropped),
                optional(s.serverResidentMB, 0), String(s.errors),
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
                    guard let l = s.operations.first(where: { $0.operation == name })?.latency else {
                        return "n/a | n/a"
                    }
                    return fixed(l.p50) + " | " + fixed(l.p99)
                }
                out += "| \(s.setting.name) | " + cells.joined(separator: " | ") + " |\n"
            }
        }
        out +=
            "\n## Runs\n\n| setting | round | requests | seconds | req/s | p99 ms | client CPU s | server CPU s | spans |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        let position = Dictionary(uniqueKeysWithValues: settings.enumerated().map { ($1, $0) })
        for run in summaries.flatMap(\.runs).sorted(by: {
            ($0.round, position[$0.setting] ?? 0) < ($1.round, position[$1.setting] ?? 0)
        }) {
            let cells = [
                run.setting.name + (run.partial == nil ? "" : " (partial)"), String(run.round + 1),
                String(run.requests), fixed(run.measuredSeconds, 1),
                fixed(run.throughput, 1), fixed(run.p99Ms), fixed(run.clientCPUSeconds, 2),
                run.serverCPUSeconds.map { fixed($0, 2) } ?? "n/a",
                run.spansReceived.map(String.init) ?? "n/a",
            ]
            out += "| " + cells.map(markdownCell).joined(separator: " | ") + " |\n"
        }
        out += "\n## How it was measured\n\n"
        out +=
            "- Client CPU is the traceload process's own user + system time (getrusage) over the measured phases: load generation, "
            + "the gRPC client and the client's span export. Spans are received by a separate `traceload receive` process, so collecting "
            + "them is not counted.\n"
        out +=
            "- Server CPU and memory come from Milvus's Prometheus page (`process_cpu_seconds_total`, `process_resident_memory_bytes`), "
            + "read at the start and end of each measured phase.\n"
        out +=
            "- Latency percentiles come from the runs' histograms merged; throughput and CPU figures are means over the repeats.\n"
        for note in notes { out += "- \(note)\n" }
        return out
    }
}
