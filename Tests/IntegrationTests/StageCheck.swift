import Foundation
import Testing

/// Checks stages.csv and server_timeline.csv against what the run sent (latency.csv).
struct StageCheck {
    let out: String
    let stages: [[String: String]]
    let latency: [[String: String]]
    let timeline: [[String: String]]

    init(reportDirectory out: String) throws {
        self.out = out
        stages = try readCSV(out + "/stages.csv")
        latency = try readCSV(out + "/latency.csv")
        timeline = try readCSV(out + "/server_timeline.csv")
    }

    /// `phases`: phase → its one operation. For each, the proxy's request count equals the
    /// requests sent (none failed), `stages` are present with observations, and the server
    /// timeline has Milvus's CPU for the phase's seconds.
    func verify(phases: [String: String], stages wanted: [String: [String]]) {
        #expect(
            Set(stages.first.map { Array($0.keys) } ?? []) == [
                "phase", "stage", "labels", "count", "mean_ms", "p50_ms", "p90_ms", "p99_ms", "metric",
            ])
        for (phase, operation) in phases {
            let sent = latency.first { $0["phase"] == phase && $0["operation"] == operation }
            #expect(sent?["errors"] == "0", "\(phase): \(String(describing: sent))")
            let label = operation == "insert" ? "msg_type=insert" : "query_type=\(operation)"
            let proxy = stages.first { $0["phase"] == phase && $0["stage"] == "proxy.request" && $0["labels"] == label }
            #expect(
                proxy?["count"] != nil && proxy?["count"] == sent?["requests"],
                "\(phase): Milvus counted \(proxy?["count"] ?? "nothing"), traceload sent \(sent?["requests"] ?? "?")")
            for stage in wanted[phase] ?? [] {
                let row = stages.first {
                    $0["phase"] == phase && $0["stage"] == stage && ($0["labels"] ?? "").contains(label)
                }
                #expect(
                    (Double(row?["count"] ?? "") ?? 0) > 0 && (Double(row?["mean_ms"] ?? "") ?? -1) >= 0,
                    "\(phase): \(stage) missing")
            }
            let seconds = timeline.filter { $0["phase"] == phase }
            #expect(!seconds.isEmpty, "\(phase): no server timeline")
            #expect(seconds.contains { (Double($0["cpu_cores"] ?? "") ?? 0) > 0 }, "\(phase): no Milvus CPU")
            #expect(seconds.allSatisfy { (Double($0["rss_mib"] ?? "") ?? 0) > 100 })
        }
    }
}
