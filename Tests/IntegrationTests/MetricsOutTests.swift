import EmbeddedMilvus
import Foundation
import Testing

/// `run --metrics-out`: a run's seconds written to a real Prometheus (Debian's package, its
/// remote-write receiver on) as it runs, read back through Prometheus's query API.
@Suite(.serialized) struct MetricsOutTests {
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

    /// Counters' samples (unix seconds, cumulative count), summed over the series at each
    /// timestamp, as counts per second: the timestamps and what each added.
    static func perSecond(_ counters: [[(Double, Double)]]) -> (times: [Double], counts: [Int]) {
        var cumulative: [Double: Double] = [:]
        for values in counters { for (time, value) in values { cumulative[time, default: 0] += value } }
        let times = cumulative.keys.sorted()
        let counts = times.enumerated().map { index, time in
            Int(cumulative[time]! - (index == 0 ? 0 : cumulative[times[index - 1]]!))
        }
        return (times, counts)
    }

    /// The null Milvus, and a scenario against it whose measured phase ("mixed") runs two operations at a fixed rate.
    static func nullMilvusScenario(in dir: String, name: String) throws -> (server: BackgroundRun, scenario: String) {
        let server = try BackgroundRun(
            ["null-milvus", "--port", "0", "--search-latency", "2ms"], in: dir, name: "null-milvus")
        #expect(server.waitFor("\"port\"", inStdout: true, timeoutSeconds: 30), "\(server.stderr)")
        let port = try #require(server.stdout.split(separator: ":").last.flatMap { Int($0.filter(\.isNumber)) })
        // Receivers on free ports: another suite's run against an external server may hold 4317.
        let receiver = try #require(freeLoopbackPorts(2))
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: \(name)
            milvus: { uri: "http://127.0.0.1:\(port)" }
            collection: { dim: 16 }
            tracing: { sampleFraction: 0.2, quiet: 500ms, deadline: 2s, receiver: { port: \(receiver[0]), httpPort: \(receiver[1]) } }
            phases:
              - { name: warm, warmup: true, duration: 1s, workers: 1, mix: search }
              - { name: mixed, duration: 6s, workers: 2, rate: 150, mix: { search: 3, insert: 1 } }
            """)
        return (server, scenario)
    }

    @Test func aRunsSecondsReachPrometheusAsTimelineCSVHasThem() throws {
        let dir = CLIHarness.temporaryDirectory("metrics-out")
        let prometheus = try PrometheusServer(in: dir, remoteWrite: true)
        defer { prometheus.stop() }
        let (server, scenario) = try Self.nullMilvusScenario(in: dir, name: "it-metrics")
        defer { server.stop() }
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
        let (times, perSecond) = Self.perSecond(counters.map(\.1))
        #expect(perSecond == timeline.map { Int($0["requests"]!)! }, "Prometheus \(perSecond)")
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

    /// `--metrics-out otlp+http://...`: the same figures as OTLP metrics, decoded by
    /// OpenTelemetry's own protobuf classes (Python's opentelemetry-proto) in a receiver that
    /// answers as a Collector's OTLP/HTTP receiver does.
    @Test func aRunsSecondsReachAnOTLPReceiverAsTimelineCSVHasThem() throws {
        let dir = CLIHarness.temporaryDirectory("metrics-otlp")
        let exports = dir + "/exports.jsonl"
        let receiver = try BackgroundRun(
            [CLIHarness.packageRoot.appendingPathComponent("Tests/IntegrationTests/MetricsOut/otlp_metrics_receiver.py").path, exports],
            in: dir, name: "otlp-receiver",
            binary: CLIHarness.packageRoot.appendingPathComponent(".venv-app03/bin/python").path)
        defer { receiver.stop() }
        #expect(receiver.waitFor("\"port\"", inStdout: true, timeoutSeconds: 60), "\(receiver.stderr)")
        let receiverPort = try #require(receiver.stdout.split(separator: ":").last.flatMap { Int($0.filter(\.isNumber)) })
        let (server, scenario) = try Self.nullMilvusScenario(in: dir, name: "it-otlp")
        defer { server.stop() }
        let out = dir + "/report"
        let result = try CLIHarness.run([
            "run", scenario, "--out", out, "--metrics-out", "otlp+http://127.0.0.1:\(receiverPort)",
        ])
        #expect(result.status == 0, "\(result.stderr.suffix(1500))")
        #expect(result.stderr.contains("live figures every second to http://127.0.0.1:\(receiverPort)/v1/metrics"))
        #expect(!result.stderr.contains("metrics out:"), "\(result.stderr.suffix(1500))\n\(receiver.stderr.suffix(800))")

        // Every data point of every export, by metric: (attributes, unix seconds, value).
        var points: [String: [([String: String], Double, Double)]] = [:]
        var kinds: [String: [String: Any]] = [:]
        for line in try String(contentsOfFile: exports, encoding: .utf8).split(separator: "\n") {
            let export = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for resource in (export["resourceMetrics"] as? [[String: Any]]) ?? [] {
                let attributes = (resource["resource"] as? [String: Any])?["attributes"] as? [[String: Any]]
                #expect(attributes?.first?["key"] as? String == "service.name")
                for scope in (resource["scopeMetrics"] as? [[String: Any]]) ?? [] {
                    for metric in (scope["metrics"] as? [[String: Any]]) ?? [] {
                        let name = try #require(metric["name"] as? String)
                        let data = try #require((metric["sum"] ?? metric["gauge"]) as? [String: Any])
                        kinds[name] = metric
                        for point in (data["dataPoints"] as? [[String: Any]]) ?? [] {
                            var labels: [String: String] = [:]
                            for pair in (point["attributes"] as? [[String: Any]]) ?? [] {
                                labels[pair["key"] as? String ?? ""] = (pair["value"] as? [String: Any])?["stringValue"] as? String
                            }
                            let nanos = try #require(Double(point["timeUnixNano"] as? String ?? ""))
                            points[name, default: []].append((labels, nanos / 1e9, point["asDouble"] as? Double ?? 0))
                        }
                    }
                }
            }
        }
        let requests = try #require(kinds["traceload.requests"])
        #expect(requests["unit"] as? String == "{request}")
        let sum = try #require(requests["sum"] as? [String: Any])
        #expect(sum["aggregationTemporality"] as? String == "AGGREGATION_TEMPORALITY_CUMULATIVE")
        #expect(sum["isMonotonic"] as? Bool == true)
        #expect((kinds["traceload.phase.request.duration"]?["gauge"]) != nil)
        #expect(kinds["traceload.phase.request.duration"]?["unit"] as? String == "s")

        let timeline = try readCSV(out + "/timeline.csv").filter { $0["phase"] == "mixed" }
        let mixed = (points["traceload.requests"] ?? []).filter { $0.0["phase"] == "mixed" && $0.0["run"] == "it-otlp" }
        #expect(Set(mixed.map { $0.0["operation"] ?? "" }) == ["search", "insert"])
        let byOperation = Dictionary(grouping: mixed) { $0.0["operation"] ?? "" }.values.map { $0.map { ($0.1, $0.2) } }
        let (_, perSecond) = Self.perSecond(Array(byOperation))
        #expect(perSecond == timeline.map { Int($0["requests"]!)! }, "OTLP \(perSecond)")
        let medians = (points["traceload.phase.request.duration"] ?? [])
            .filter { $0.0["phase"] == "mixed" && $0.0["quantile"] == "0.5" }.sorted { $0.1 < $1.1 }
        let csvMedians = timeline.compactMap { Double($0["p50_ms"] ?? "") }
        #expect(medians.count == csvMedians.count)
        for (sample, csv) in zip(medians, csvMedians) {
            #expect(abs(sample.2 * 1000 - csv) < 0.0015, "\(sample.2 * 1000) ms against \(csv) ms")
        }
        let sampled = try readCSV(out + "/coverage.csv").filter { $0["phase"] == "mixed" }
            .compactMap { Int($0["sampled"] ?? "") }.reduce(0, +)
        let sampledPoints = (points["traceload.traces.sampled"] ?? []).filter { $0.0["phase"] == "mixed" }
        #expect(sampled > 0 && sampledPoints.map(\.2).max() == Double(sampled))
    }

    /// A receiver that takes connections and never answers costs the run its figures there, not
    /// its time: each phase ends on time, the run waits a few seconds at most for what is queued,
    /// and the log and the report say what was not sent. (Each phase's end used to wait for every
    /// send and its retries: about 40 s a phase.)
    @Test func aReceiverThatNeverAnswersDoesNotHoldUpTheRun() throws {
        let dir = CLIHarness.temporaryDirectory("metrics-silent")
        let server = try BackgroundRun(["null-milvus", "--port", "0"], in: dir, name: "null-milvus")
        defer { server.stop() }
        #expect(server.waitFor("\"port\"", inStdout: true, timeoutSeconds: 30), "\(server.stderr)")
        let port = try #require(server.stdout.split(separator: ":").last.flatMap { Int($0.filter(\.isNumber)) })
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-silent
            milvus: { uri: "http://127.0.0.1:\(port)" }
            collection: { dim: 16 }
            tracing: { enabled: false }
            phases:
              - { name: one, duration: 2s, workers: 1, mix: search }
              - { name: two, duration: 2s, workers: 1, mix: search }
              - { name: three, duration: 2s, workers: 1, mix: search }
            """)
        var started = Date()
        let plain = try CLIHarness.run(["run", scenario, "--out", dir + "/plain"])
        let plainSeconds = Date().timeIntervalSince(started)
        #expect(plain.status == 0, "\(plain.stderr.suffix(1500))")

        let silent = try SilentReceiver()
        let url = "http://127.0.0.1:\(silent.port)/api/v1/write"
        started = Date()
        let blocked = try CLIHarness.run([
            "run", scenario, "--out", dir + "/blocked",
            "--metrics-out", "prometheus+remote-write://127.0.0.1:\(silent.port)/api/v1/write",
        ])
        let blockedSeconds = Date().timeIntervalSince(started)
        #expect(blocked.status == 0, "\(blocked.stderr.suffix(1500))")
        // Generous: the bounded wait at the end is a few seconds, and machines are noisy.
        #expect(
            blockedSeconds <= plainSeconds + 15,
            "with a silent receiver the run took \(Int(blockedSeconds)) s, without one \(Int(plainSeconds)) s")
        // What was not sent, and where: in the log and in the report's notes.
        #expect(blocked.stderr.contains("not sent to \(url)"), "\(blocked.stderr.suffix(1500))")
        let summary = try String(contentsOfFile: dir + "/blocked/summary.md", encoding: .utf8)
        let note = try #require(
            summary.split(separator: "\n").first { $0.contains("not sent to \(url)") }, "\(summary.suffix(1500))")
        #expect(note.contains("phase three"), "\(note)")
    }

    @Test func aWrongTargetIsRefusedBeforeTheRun() throws {
        let result = try CLIHarness.run(["run", "scenarios/quickstart.yaml", "--metrics-out", "http://localhost:9090"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--metrics-out: expected prometheus+remote-write://HOST:PORT/PATH"), "\(result.stderr)")
    }
}
