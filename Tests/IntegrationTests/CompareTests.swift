import Foundation
import Testing

extension RunAgainstMilvusTests {
    /// The tracing sweep on the embedded Milvus: tracing off at the client against fractions 0
    /// and 1, all on one Milvus (their server side is the same), in short paired blocks.
    @Test func compareMeasuresTracingOffAgainstFractionsZeroAndOneInPairedBlocks() throws {
        let dir = CLIHarness.temporaryDirectory("compare")
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-compare
            milvus: { venv: \(CLIHarness.venv) }
            collection: { dim: 16 }
            dataset: { preload: 500 }
            phases:
              - { name: warm, warmup: true, duration: 1s, workers: 2, mix: search }
              - { name: search, duration: 4s, workers: 2, mix: search }
            """)
        let out = dir + "/compare"
        let result = try CLIHarness.run([
            "compare", scenario, "--fractions", "0,1", "--repeat", "3", "--block", "2s", "--seed", "1", "--out", out,
        ])
        #expect(result.status == 0, "stderr: \(result.stderr.suffix(2000))")
        #expect(result.stdout.contains("client-1: client CPU per request"), "\(result.stdout)")
        // One Milvus for all three: they differ only in what the client sends.
        #expect(result.stderr.components(separatedBy: "starting embedded Milvus").count - 1 == 1, "\(result.stderr)")

        let rows = try readCSV(out + "/overhead.csv")
        #expect(Set(rows.map { $0["variant"]! }) == ["client-0", "client-1"])
        func row(_ variant: String, _ figure: String) -> [String: String]? {
            rows.first { $0["variant"] == variant && $0["figure"] == figure }
        }
        var unboundedHeadlines = 0
        for variant in ["client-0", "client-1"] {
            for figure in ["client_cpu_ms_per_req", "server_cpu_ms_per_req", "throughput_per_s", "search.p50_ms"] {
                let line = try #require(row(variant, figure), "\(variant) \(figure) missing")
                #expect(line["rounds"] == "3")
                #expect(["changes", "no-change", "cannot-tell"].contains(line["verdict"] ?? ""), "\(line)")
                // An interval, or none when three rounds cannot bound a ratio (Fieller: the
                // baseline's mean spread too wide for t with 2 degrees of freedom), and then the
                // verdict waits and the report's verdicts say why.
                let bounded = Double(line["low"] ?? "") != nil && Double(line["high"] ?? "") != nil
                let unbounded = line["low"] == "" && line["high"] == "" && line["verdict"] == "cannot-tell"
                #expect(bounded || unbounded, "\(line)")
                if unbounded && line["headline"] == "yes" { unboundedHeadlines += 1 }
            }
        }
        #expect(disagreements(in: rows).isEmpty, "\(disagreements(in: rows))")
        // Off and fraction 0 export nothing; fraction 1 every request's client and server spans.
        let spans = try #require(row("client-1", "spans_per_s"))
        let throughput = try #require(Double(row("client-1", "throughput_per_s")?["value"] ?? ""))
        #expect(Double(spans["baseline"] ?? "") == 0 && (Double(spans["value"] ?? "") ?? 0) > 2 * throughput, "\(spans)")
        #expect(Double(row("client-0", "spans_per_s")?["value"] ?? "") == 0)

        let markdown = try String(contentsOfFile: out + "/overhead.md", encoding: .utf8)
        #expect(markdown.contains("## Verdicts") && markdown.contains("**client-1** (tracing.sampleFraction=1)"))
        if unboundedHeadlines > 0 {
            #expect(markdown.contains("the baseline's rounds too spread to bound a ratio"), "\(markdown.prefix(3000))")
        }
        for variant in ["off", "client-0", "client-1"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/runs/\(variant)/latency.csv"), "\(variant) report missing")
        }
        let lines = try String(contentsOfFile: out + "/runs.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 9, "three variants × three rounds: \(lines.count)")
        #expect(FileManager.default.fileExists(atPath: out + "/report.html"))
    }
}
