import Analysis
import Foundation

/// components.csv and the "where the time goes" section of summary.md.
public enum ComponentsReport {
    public static let header = "phase,operation,component,requests,p50_ms,p90_ms,p99_ms,mean_ms,share_of_mean"

    public static func csv(_ breakdowns: [OperationBreakdown]) -> String {
        var out = header + "\n"
        for row in breakdowns.flatMap(\.components) {
            out += [csvField(row.phase), csvField(row.operation), csvField(row.component), String(row.requests),
                    fixed(row.p50Ms), fixed(row.p90Ms), fixed(row.p99Ms), fixed(row.meanMs), fixed(row.shareOfMean, 4)]
                .joined(separator: ",") + "\n"
        }
        return out
    }

    public static func markdown(_ tracing: TracingRecord) -> String {
        var out = "## Where the time goes\n\n"
        out += "Sampled requests joined to their Milvus server spans by trace id (source: \(tracing.source)). "
        out += "Each request's latency is split over components along its critical path, so the components of a request add up to its latency; "
        out += "`client+wire` is the client span minus the server's root span.\n"
        if tracing.clientSpansDropped > 0 {
            out += "\n> The client's span exporter dropped \(tracing.clientSpansDropped) spans (queue full).\n"
        }
        if let counts = tracing.receiver {
            out += "\nReceiver: \(counts.received) spans received, \(counts.kept) in traceload's traces, \(counts.foreign) of Milvus's own background work ignored"
            out += counts.dropped > 0 ? ", \(counts.dropped) dropped (collector full).\n" : ".\n"
        }
        for b in tracing.breakdowns {
            out += "\n### \(b.operation) (phase \(b.phase))\n\n"
            let c = b.coverage
            out += "Coverage: \(c.joined) of \(c.sampled) sampled requests joined to their server spans (\(fixed(c.fraction * 100, 1))%), "
            out += "\(fixed(c.spansPerRequest, 1)) server spans per request.\n"
            if let diagnosis = c.diagnosis { out += "\n> **Why some are missing:** \(diagnosis)\n" }
            guard !b.components.isEmpty else { continue }
            out += "\n| component | p50 ms | p90 ms | p99 ms | mean ms | share of mean |\n|---|--:|--:|--:|--:|--:|\n"
            for row in b.components.sorted(by: { $0.meanMs > $1.meanMs }) {
                out += "| \(row.component) | \(fixed(row.p50Ms)) | \(fixed(row.p90Ms)) | \(fixed(row.p99Ms)) | \(fixed(row.meanMs)) | \(fixed(row.shareOfMean * 100, 1))% |\n"
            }
            if !b.tail.isEmpty {
                out += "\nThe slowest 1% of these requests against the median ones (mean ms per request):\n\n"
                out += "| component | median requests | slowest 1% | difference |\n|---|--:|--:|--:|\n"
                for row in b.tail.sorted(by: { ($0.slowestRequestsMs - $0.medianRequestMs) > ($1.slowestRequestsMs - $1.medianRequestMs) }) {
                    out += "| \(row.component) | \(fixed(row.medianRequestMs)) | \(fixed(row.slowestRequestsMs)) | \(signed(row.slowestRequestsMs - row.medianRequestMs)) |\n"
                }
            }
            if !b.slowestTrace.isEmpty {
                out += "\nThe slowest sampled request (\(fixed(b.slowestRequestMs)) ms):\n\n```\n"
                for line in b.slowestTrace {
                    let label = String(repeating: "  ", count: line.depth) + line.name
                    let padded = label.count < 64 ? label + String(repeating: " ", count: 64 - label.count) : label
                    out += "\(padded) \(fixed(line.durationMs).leftPadded(9)) ms  [\(line.component)]\n"
                }
                out += "```\n"
            }
        }
        return out
    }

    static func signed(_ value: Double) -> String { (value >= 0 ? "+" : "") + fixed(value) }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
