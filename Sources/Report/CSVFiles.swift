import Foundation
import Results

/// latency.csv and timeline.csv. The leading columns of latency.csv are fixed (scripts rely on
/// them); further columns may only be added at the end.
package enum CSVFiles {
    package static let latencyHeader =
        "phase,operation,requests,errors,throughput_per_s,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,mean_ms,rows_per_s,batch_size,recall"

    package static func latency(_ rows: [LatencyRow]) -> String {
        var out = latencyHeader + "\n"
        for row in rows {
            let fields =
                [
                    csvField(row.phase), row.operation, String(row.requests), String(row.errors),
                    fixed(row.throughputPerSecond, 2),
                ]
                + row.latency.cells + [
                    row.rowsPerSecond.map { fixed($0, 1) } ?? "", row.batchSize.map(String.init) ?? "",
                    row.recall?.recall.map { fixed($0, 4) } ?? "",
                ]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    package static let timelineHeader = "phase,second,requests,errors,throughput_per_s,p50_ms,p99_ms,covered_s"

    package static func timeline(_ run: RunRecord) -> String {
        var out = timelineHeader + "\n"
        for phase in run.phases where !phase.warmup {
            for point in fillGaps(phase.timeline, elapsed: phase.elapsedSeconds) {
                // A second in which nothing succeeded has no latency (empty, not 0).
                let succeeded = point.requests - point.errors
                let covered = coveredSeconds(point.second, elapsed: phase.elapsedSeconds)
                let fields = [
                    csvField(phase.name), String(point.second), String(point.requests), String(point.errors),
                    rate(succeeded, covered: covered).map { fixed($0, 1) } ?? "", succeeded > 0 ? fixed(point.p50Ms) : "",
                    succeeded > 0 ? fixed(point.p99Ms) : "", fixed(covered, 2),
                ]
                out += fields.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// How much of second `second` the phase ran: 1 but for its last, partial second.
    package static func coveredSeconds(_ second: Int, elapsed: Double) -> Double {
        min(1, max(0, elapsed - Double(second)))
    }

    /// The shortest part of a second that is told as a rate. The last, partial second of a phase
    /// is its successes over the part that ran (a count would look like a stall at the end); but
    /// a sliver of one holds the answers to requests sent in the second before, and over a few
    /// milliseconds they make a rate many times the phase's (4,236/s from 0.06 s). One rule for
    /// timeline.csv and the report's chart: at least a quarter second, or no rate (empty).
    package static let shortestRateSeconds = 0.25

    /// Successes per second over `covered` seconds; nil for a sliver shorter than `shortestRateSeconds`.
    package static func rate(_ successes: Int, covered: Double) -> Double? {
        covered >= shortestRateSeconds ? Double(successes) / covered : nil
    }

    /// Seconds in which nothing completed still get a row (zeros), so a stall shows as a gap.
    static func fillGaps(_ points: [TimelinePoint], elapsed: Double) -> [TimelinePoint] {
        let last = max(points.last?.second ?? 0, Int(elapsed.rounded(.down)) - 1)
        guard last >= 0 else { return points }
        var bySecond = Dictionary(points.map { ($0.second, $0) }, uniquingKeysWith: { a, _ in a })
        return (0...last).map { second in
            bySecond.removeValue(forKey: second)
                ?? TimelinePoint(second: second, requests: 0, errors: 0, p50Ms: 0, p99Ms: 0)
        }
    }
}

/// RFC 4180 quoting where needed.
package func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
