import Foundation
import Testing

extension RunAgainstMilvusTests {
    /// Milvus's stage metrics through a real Prometheus (Debian's package, installed by the
    /// Makefile) that scrapes a Milvus started apart from the run: each phase's counts are the
    /// requests sent, and add up to what Milvus's own page says.
    @Test func stagesThroughPrometheusAgreeWithTheDirectScrape() throws {
        let dir = CLIHarness.temporaryDirectory("prometheus")
        let port = try #require(freeLocalPort())
        let milvus = try BackgroundRun(
            ["milvus", "--venv", CLIHarness.venv, "--dir", dir + "/milvus", "--port", String(port)], in: dir,
            name: "milvus")
        defer {
            milvus.process.interrupt()
            _ = milvus.waitForExit(timeoutSeconds: 120)
        }
        #expect(milvus.waitFor("\"uri\"", inStdout: true), "\(milvus.stderr.suffix(600))")
        let started = try #require(
            try JSONSerialization.jsonObject(with: Data(milvus.stdout.split(separator: "\n").last!.utf8))
                as? [String: String])
        let metricsURL = try #require(started["metrics"].flatMap(URL.init(string:)))

        let prometheus = try PrometheusServer(
            in: dir,
            scrapeConfigs: """
                scrape_configs:
                  - job_name: milvus
                    static_configs: [{ targets: ["\(metricsURL.host!):\(metricsURL.port!)"] }]
                """)
        defer { prometheus.stop() }
        let prometheusPort = prometheus.port

        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-prometheus
            milvus:
              uri: "http://127.0.0.1:\(port)"
              prometheus: { url: "http://127.0.0.1:\(prometheusPort)", selector: 'job="milvus"' }
            collection: { dim: 16 }
            dataset: { preload: 1000 }
            tracing: { enabled: false }
            phases:
              - { name: insert, duration: 3s, workers: 2, mix: insert, insert: { batch: 20 } }
              - { name: search, duration: 4s, workers: 4, mix: search }
            """)
        let out = dir + "/report"
        let result = try CLIHarness.run(["run", scenario, "--out", out])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("Milvus's metrics from Prometheus at http://127.0.0.1:\(prometheusPort)"))
        let check = try StageCheck(reportDirectory: out)
        check.verify(
            phases: ["insert": "insert", "search": "search"],
            stages: ["search": ["querynode.queue", "querynode.segcore"]])

        // Milvus's own page, read directly now: every search it ever served was in the search phase.
        let page = try String(contentsOf: metricsURL, encoding: .utf8)
        let direct = page.split(separator: "\n").filter {
            $0.hasPrefix("milvus_proxy_sq_latency_count{") && $0.contains("query_type=\"search\"")
        }
        .compactMap { Double($0.split(separator: " ").last!) }.reduce(0, +)
        let throughPrometheus = check.stages.filter {
            $0["stage"] == "proxy.request" && $0["labels"] == "query_type=search"
        }
        .compactMap { Double($0["count"]!) }.reduce(0, +)
        #expect(direct > 0 && direct == throughPrometheus, "direct scrape \(direct), Prometheus \(throughPrometheus)")
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(summary.contains("## What Milvus measured") && summary.contains("Prometheus at"))
        #expect(!summary.contains("had not scraped"), "\(summary)")
    }
}
