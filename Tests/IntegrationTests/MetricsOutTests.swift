import Foundation
import Testing

/// `run --metrics-out`: a run's seconds written to a real Prometheus (Debian's package, its
/// remote-write receiver on) as it runs, read back through Prometheus's query API.
@Suite struct MetricsOutTests {
    /// Raw samples of every series a range selector matches: [labels: [(unix seconds, value)]].
    static func samples(_ prometheus: PrometheusServer, _ selector: String) throws -> [([String: String], [(Double, Double)])] {
        try prometheus.query(selector + "[1h]").map { series in
            let labels = (series["metric"] as? [String: String]) ?? [:]
            let values = ((series["values"] as? [[Any]]) ?? []).compactMap { pair -> (Double, Double)? in
                guard let time = pair.first as? Double, let text = pair.last as? String, let value = Double(text) else {
                    return nil
                }
                return (time, value)
            }
            return (labels, values)
        }
    }

    @Test func aRunsSecondsReachPrometheusAsTimelineCSVHasThem() throws {
        let dir = CLIHarness.temporaryDirectory("metrics-out")
        let prometheus = try PrometheusServer(in: dir, remoteWrite: true)
        defer { prometheus.stop() }
        let server = try BackgroundRun(
            ["null-milvus", "--port", "0", "--search-latency", "2ms"], in: dir, name: "null-milvus")
        defer { server.process.terminate() }
        #expect(server.waitFor("\"port\"", inStdout: true, timeoutSeconds: 30), "\(server.stderr)")
        let port = try #require(server.stdout.split(separator: ":").last.flatMap { Int($0.filter(\.isNumber)) })
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-metrics
            milvus: { uri: "http://127.0.0.1:\(port)" }
            collection: { dim: 16 }
            tracing: { sampleFraction: 0.2, quiet: 500ms, deadline: 2s }
            phases:
              - { name: warm, warmup: true, duration: 1s, workers: 1, mix: search }
              - { name: mixed, duration: 6s, workers: 2, rate: 150, mix: { search: 3, insert: 1 } }
            """)
        let out = dir + "/report"
        let target = "prometheus+remote-write://127.0.0.1:\(prometheus.port)/api/v1/write"
        let result = try CLIHarness.run(["run", scenario, "--out", out, "--metrics-out", target])
        #expect(result.status == 0, "\(result.stderr.suffix(1500))")
        #expect(result.stderr.contains("live figures every second to http://127.0.0.1:\(prometheus.port)/api/v1/write"))
        #expect(!result.stderr.contains("metrics out:"), "\(result.stderr.suffix(1500))")

        let timeline = try readCSV(out + "/timeline.csv").filter { $0["phase"] == "mixed" }
        #expect(timeline.count >= 6)
        // Requests: each operation's counter, summed per timestamp, then second by second.
        let counters = try Self.samples(prometheus, #"traceload_requests_total{run="it-metrics",phase="mixed"}"#)
        #expect(Set(counters.map { $0.0["operation"] ?? "" }) == ["search", "insert"])
        var cumulative: [Double: Double] = [:]
        for (_, values) in counters { for (time, value) in values { cumulative[time, default: 0] += value } }
        let times = cumulative.keys.sorted()
        let perSecond = times.enumerated().map { index, time in
            cumulative[time]! - (index == 0 ? 0 : cumulative[times[index - 1]]!)
        }
        #expect(perSecond.map { Int($0) } == timeline.map { Int($0["requests"]!)! }, "Prometheus \(perSecond)")
        // Each second's median over the phase's operations, as timeline.csv rounds it.
        let medians = try #require(
            try Self.samples(prometheus, #"traceload_phase_request_duration_seconds{phase="mixed",quantile="0.5"}"#).first?.1)
        let csvMedians = timeline.compactMap { Double($0["p50_ms"] ?? "") }
        #expect(medians.count == csvMedians.count)
        for (sample, csv) in zip(medians, csvMedians) {
            #expect(abs(sample.1 * 1000 - csv) < 0.0015, "\(sample.1 * 1000) ms against \(csv) ms")
        }
        // The phase's samples are stamped within the phase, one a second.
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 <= 1.001 })

        // Traces sampled (the run's own count) and joined (the null server exports no spans).
        let coverage = try readCSV(out + "/coverage.csv").filter { $0["phase"] == "mixed" }
        let sampled = coverage.compactMap { Int($0["sampled"] ?? "") }.reduce(0, +)
        let sampledSeries = try #require(
            try Self.samples(prometheus, #"traceload_traces_sampled_total{phase="mixed"}"#).first?.1)
        #expect(sampled > 0 && Int(sampledSeries.last!.1) == sampled, "\(sampledSeries.last!) against \(sampled)")
        let joined = try Self.samples(prometheus, #"traceload_traces_joined_total{phase="mixed"}"#)
        #expect(joined.first?.1.last?.1 == 0)
        let inFlight = try #require(try Self.samples(prometheus, #"traceload_requests_in_flight{phase="mixed"}"#).first?.1)
        #expect(inFlight.last?.1 == 0 && inFlight.allSatisfy { $0.1 >= 0 && $0.1 <= 2 })
        // The warm-up is there too, under its own phase.
        #expect(try !Self.samples(prometheus, #"traceload_requests_total{phase="warm"}"#).isEmpty)

        // The Grafana dashboard's queries, as Grafana would send them for this run: every one
        // parses, and every traceload panel shows the run.
        let dashboard = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: CLIHarness.packageRoot.appendingPathComponent("deploy/grafana/traceload.json")))
                as? [String: Any])
        let during = times[times.count / 2] + 0.5
        for panel in (dashboard["panels"] as? [[String: Any]]) ?? [] {
            for target in (panel["targets"] as? [[String: Any]]) ?? [] {
                let expr = try #require(target["expr"] as? String)
                    .replacingOccurrences(of: "$__rate_interval", with: "4s")
                    .replacingOccurrences(of: "$run", with: "it-metrics")
                    .replacingOccurrences(of: "$phase", with: ".*")
                    .replacingOccurrences(of: "$milvus_job", with: ".*")
                let (result, error) = try prometheus.evaluate(expr, at: during)
                #expect(error == nil, "\(panel["title"] ?? ""): \(expr): \(error ?? "")")
                if expr.contains("traceload_") && !expr.contains("joined") {
                    #expect(!result.isEmpty, "\(panel["title"] ?? ""): \(expr) shows nothing of the run")
                }
            }
        }
    }

    @Test func aWrongTargetIsRefusedBeforeTheRun() throws {
        let result = try CLIHarness.run(["run", "scenarios/quickstart.yaml", "--metrics-out", "http://localhost:9090"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--metrics-out: expected prometheus+remote-write://HOST:PORT/PATH"), "\(result.stderr)")
    }
}
