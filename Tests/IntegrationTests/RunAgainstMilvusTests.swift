import Foundation
import Testing

/// Real phases against the real embedded Milvus 2.3.5 (from `.venv`, see the Makefile).
/// Serialized: each run starts its own Milvus, and two at once on 2 cores distort each other.
@Suite(.serialized) struct RunAgainstMilvusTests {
    @Test func insertThenSearchThenMixWritesACompleteReport() throws {
        let dir = CLIHarness.temporaryDirectory("run")
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-run
            milvus: { venv: \(CLIHarness.venv) }
            collection:
              dim: 32
              index: { type: HNSW }
              fields: [{ name: category, type: int64, cardinality: 10 }]
            dataset: { seed: 1, preload: 2000 }
            tracing: { sampleFraction: 0.5 }
            phases:
              - { name: insert, duration: 4s, workers: 2, mix: insert, insert: { batch: 50 } }
              - { name: search, requests: 300, workers: 4, mix: search, search: { topk: 5, filter: "category > 2", outputFields: [category] } }
              - { name: mixed, duration: 4s, workers: 8, rate: 100, mix: { search: 6, insert: 2, query: 2 } }
            """)
        let out = dir + "/report"
        let result = try CLIHarness.run(["run", scenario, "--out", out])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("report: \(out)"))

        for file in ["summary.md", "latency.csv", "timeline.csv", "run.json"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(file)"), "\(file) missing")
        }
        let rows = try readCSV(out + "/latency.csv")
        let keys = rows.map { "\($0["phase"]!)/\($0["operation"]!)" }
        #expect(Set(keys) == ["insert/insert", "search/search", "mixed/search", "mixed/insert", "mixed/query"])
        for row in rows {
            let requests = Int(row["requests"]!) ?? 0
            #expect(requests > 0, "\(row)")
            #expect(row["errors"] == "0", "\(row)")
            let p = ["p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms"].map { Double(row[$0]!) ?? -1 }
            #expect(p[0] > 0 && p == p.sorted(), "percentiles out of order: \(row)")
        }
        // A request-count phase issues exactly that many requests.
        #expect(rows.first { $0["phase"] == "search" }?["requests"] == "300")
        // Open loop at 100/s for 4 s: the 400 scheduled requests are either sent (timed from their
        // intended starts) or reported as not sent because Milvus fell behind; never more, never
        // fewer, however fast this machine or its Milvus is.
        let mixed = rows.filter { $0["phase"] == "mixed" }.reduce(0) { $0 + (Int($1["requests"]!) ?? 0) }
        let recorded =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json")))
            as? [String: Any]
        let mixedRecord = (recorded?["phases"] as? [[String: Any]])?.first { $0["name"] as? String == "mixed" }
        let unsent = mixedRecord?["unsent"] as? Int ?? -1
        #expect(mixed > 0 && mixed + unsent == 400, "mixed phase sent \(mixed), reported \(unsent) not sent")
        let insertRow = try #require(rows.first { $0["phase"] == "insert" })
        #expect(insertRow["batch_size"] == "50" && (Double(insertRow["rows_per_s"]!) ?? 0) > 0)

        let timeline = try readCSV(out + "/timeline.csv")
        #expect(timeline.contains { $0["phase"] == "mixed" && (Int($0["requests"]!) ?? 0) > 0 })
        let run =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json")))
            as? [String: Any]
        let environment = run?["environment"] as? [String: Any]
        #expect((environment?["milvusVersion"] as? String)?.contains("2.3.5") == true)
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(summary.contains("| mixed | query |"))

        // Tracing: sampled requests joined to Milvus's spans, time split over components.
        let components = try readCSV(out + "/components.csv")
        let searchComponents = Set(
            components.filter { $0["phase"] == "search" && $0["operation"] == "search" }.map { $0["component"]! })
        #expect(searchComponents.contains("client+wire"))
        #expect(searchComponents.subtracting(["client+wire"]).count >= 3, "\(searchComponents)")
        for group in Dictionary(grouping: components, by: { "\($0["phase"]!)/\($0["operation"]!)" }).values {
            let shares = group.reduce(0.0) { $0 + (Double($1["share_of_mean"]!) ?? 0) }
            #expect(abs(shares - 1) < 0.01, "shares add up to \(shares)")
        }
        let tracing = try #require(run?["tracing"] as? [String: Any])
        for breakdown in tracing["breakdowns"] as? [[String: Any]] ?? [] {
            let coverage = breakdown["coverage"] as? [String: Any]
            let sampled = coverage?["sampled"] as? Int ?? 0
            let joined = coverage?["joined"] as? Int ?? -1
            #expect(
                sampled > 0 && Double(joined) >= 0.99 * Double(sampled),
                "\(breakdown["phase"]!)/\(breakdown["operation"]!): \(joined) of \(sampled)")
            #expect((breakdown["maxSumErrorPercent"] as? Double ?? 100) < 1)
        }
        #expect(summary.contains("## Where the time goes"))
        // coverage.csv agrees with the spans the run kept; components.csv says how much is untraced.
        try CoverageCheck(reportDirectory: out).verify()
        #expect(components.allSatisfy { $0["uncovered_ms"] != nil })
        #expect(components.contains { $0["component"] == "proxy" && (Double($0["uncovered_ms"] ?? "") ?? 0) > 0 })

        // Re-analysed from the run's own spans, the component table is the live one.
        let again = dir + "/again"
        let reanalysis = try CLIHarness.run(["analyze", out, "--traces", out + "/spans.jsonl", "--out", again])
        #expect(reanalysis.status == 0, "\(reanalysis.stderr)")
        #expect(
            try String(contentsOfFile: again + "/components.csv", encoding: .utf8)
                == String(contentsOfFile: out + "/components.csv", encoding: .utf8))
        #expect(
            try String(contentsOfFile: again + "/latency.csv", encoding: .utf8)
                == String(contentsOfFile: out + "/latency.csv", encoding: .utf8))

        // diff of a run with itself: no regression. merge of a run with itself: refused, it would
        // double every count; as runs made one after the other: twice the requests over twice the time.
        let diff = try CLIHarness.run(["diff", out, out, "--fail-on-regression", "1%"])
        #expect(diff.status == 0 && diff.stdout.contains("| search | search | p99_ms |"), "\(diff.stderr)")
        let twice = try CLIHarness.run(["merge", out, out, "--out", dir + "/twice"])
        #expect(twice.status == 2 && twice.stderr.contains("same run"), "\(twice.stderr)")
        let copy = dir + "/copy"
        try FileManager.default.copyItem(atPath: out, toPath: copy)
        #expect(try CLIHarness.run(["merge", out, copy, "--out", dir + "/copied"]).status == 2)
    }

    /// A search phase under load after inserts: Milvus leaves segcore spans out of searches its
    /// query node merged, and its segcore exporter sends seconds after the Go one. coverage.csv
    /// counts what is missing, and the phase's last two seconds are as complete as the rest.
    @Test func aSearchPhaseUnderLoadIsCollectedWhole() throws {
        let dir = CLIHarness.temporaryDirectory("load")
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-load
            milvus: { venv: \(CLIHarness.venv) }
            collection: { dim: 64, index: { type: HNSW, params: { M: 16, efConstruction: 100 } } }
            dataset: { seed: 3, preload: 5000 }
            tracing: { sampleFraction: 0.2 }
            phases:
              - { name: insert, duration: 5s, workers: 4, mix: insert, insert: { batch: 100 } }
              - { name: search, duration: 10s, workers: 8, mix: search, sampleFraction: 1 }
              - { name: query, duration: 3s, workers: 2, mix: query, query: { filter: "id >= 0", limit: 5 } }
            """)
        let out = dir + "/report"
        let result = try CLIHarness.run(["run", scenario, "--out", out])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let check = try CoverageCheck(reportDirectory: out)
        check.verify()
        let ids = check.sampled["search"]?["search"] ?? []
        let starts = ids.compactMap { check.traces[$0]?.clientStart }
        let last = try #require(starts.max())
        func share(_ ids: [String]) -> Double {
            Double(ids.filter { check.traces[$0]?.names.contains("SegCoreSearch") == true }.count)
                / Double(max(ids.count, 1))
        }
        let lastTwoSeconds = ids.filter { (check.traces[$0]?.clientStart ?? 0) + 2_000_000_000 >= last }
        #expect(
            ids.count > 100 && lastTwoSeconds.count > 20,
            "\(ids.count) sampled, \(lastTwoSeconds.count) in the last 2 s")
        #expect(share(ids) > 0, "no search trace has segcore spans")
        // Before collection waited for a quiet period, every search of the last 2 s lacked them.
        #expect(share(lastTwoSeconds) >= 0.5 * share(ids), "last 2 s: \(share(lastTwoSeconds)), phase: \(share(ids))")

        // Milvus's own stage metrics, read from its page at each phase's edges: the proxy counted
        // exactly the requests traceload sent in that phase, and the stages no span covers are there.
        try StageCheck(reportDirectory: out).verify(
            phases: ["insert": "insert", "search": "search", "query": "query"],
            stages: [
                "search": ["querynode.queue", "querynode.segcore", "proxy.wait_result"],
                "query": ["querynode.queue", "proxy.wait_result"],
                "insert": ["proxy.mutation_send"],
            ])
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(
            summary.contains("Milvus measures the wait that no span covers inside Proxy-Search-Execute"), "\(summary)")
    }

    @Test func unreachableJaegerStillLeavesTheClientSideReport() throws {
        let dir = CLIHarness.temporaryDirectory("jaeger")
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-jaeger
            milvus: { venv: \(CLIHarness.venv) }
            collection: { dim: 16 }
            traces: { jaeger: "http://127.0.0.1:9", deadline: 3s }
            thresholds: { search.p99_ms: "< 0.001", search.errors: "< 1%" }
            tracing: { sampleFraction: 0.2 }
            phases:
              - { name: search, requests: 200, workers: 2, mix: search }
            """)
        let out = dir + "/report"
        let result = try CLIHarness.run(["run", scenario, "--out", out])
        // The impossible threshold is crossed: exit 4, listed on stderr and in JUnit XML.
        #expect(result.status == 4, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("1 threshold crossed") && result.stderr.contains("search.p99_ms < 0.001"))
        let junit = try String(contentsOfFile: out + "/junit.xml", encoding: .utf8)
        #expect(junit.contains("tests=\"2\" failures=\"1\""))
        let rows = try readCSV(out + "/latency.csv")
        #expect(rows.first?["requests"] == "200" && rows.first?["errors"] == "0")
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(summary.contains("Jaeger at http://127.0.0.1:9 returned no server spans for"))
        #expect(summary.contains("unreachable"))
        #expect(result.stderr.contains("warning: Jaeger at http://127.0.0.1:9 returned no server spans"))
    }
}
