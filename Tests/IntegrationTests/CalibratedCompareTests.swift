import Foundation
import Testing

/// A comparison against a known effect: two null Milvus servers that answer each search after
/// 2.0 and 2.25 ms. The release build, one worker: the latency is the service time plus the round
/// trip, the same on both sides, so the change in milliseconds is the 0.25 ms the servers differ
/// by. (0.25 ms is about five times the interval's half-width on a 2-core machine running other
/// tests beside this one: found nearly always. Checking that the truth lies in a 95% interval
/// would fail one run in 20 by design, so it is checked against the interval widened by half,
/// about a 99.5% one.)
@Suite(.serialized) struct CalibratedCompareTests {
    @Test func compareFindsAQuarterOfAMillisecondAndItsIntervalHoldsIt() throws {
        let dir = CLIHarness.temporaryDirectory("calibrated")
        let binary = try CLIHarness.releaseBinary
        let fast = try BackgroundRun(
            ["null-milvus", "--port", "0", "--search-latency", "2ms"], in: dir, name: "fast", binary: binary)
        let slow = try BackgroundRun(
            ["null-milvus", "--port", "0", "--search-latency", "2.25ms"], in: dir, name: "slow", binary: binary)
        defer {
            fast.stop()
            slow.stop()
        }
        #expect(fast.waitFor("\"port\"", inStdout: true, timeoutSeconds: 30))
        #expect(slow.waitFor("\"port\"", inStdout: true, timeoutSeconds: 30))
        func port(_ run: BackgroundRun) throws -> Int {
            try #require(run.stdout.split(separator: ":").last.flatMap { Int($0.filter(\.isNumber)) })
        }
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-calibrated
            milvus: { uri: "http://127.0.0.1:\(try port(fast))" }
            collection: { dim: 16 }
            tracing: { enabled: false }
            phases:
              - { name: search, duration: 10s, workers: 1, mix: search }
            """)
        let out = dir + "/compare"
        let result = try CLIHarness.execute(
            binary,
            [
                "compare", scenario, "--variant", "slower: milvus.uri=http://127.0.0.1:\(try port(slow))",
                "--repeat", "12", "--block", "2s", "--out", out,
            ], timeoutSeconds: 300)
        #expect(result.status == 0, "\(result.stderr.suffix(2000))")
        let rows = try readCSV(out + "/overhead.csv")
        let p50 = try #require(rows.first { $0["variant"] == "slower" && $0["figure"] == "search.p50_ms" })
        #expect(p50["verdict"] == "changes", "\(p50)")
        let change = try #require(Double(p50["change_ms"] ?? ""))
        let width = try #require(Double(p50["half_width_ms"] ?? ""))
        // The truth, 0.25 ms, lies in the interval (a few microseconds of histogram resolution aside).
        #expect(abs(change - 0.25) <= 1.5 * width + 0.005, "\(p50)")
        // In percent of the baseline's whole latency (service time and round trip): 0.25 ms of it,
        // inside the interval of the ratio of the means.
        let baseline = try #require(Double(p50["baseline"] ?? ""))
        let truth = 100 * 0.25 / baseline
        let (low, high) = (try #require(Double(p50["low"] ?? "")), try #require(Double(p50["high"] ?? "")))
        let estimate = try #require(Double(p50["change"] ?? ""))
        #expect(estimate - 1.5 * (estimate - low) - 0.2 <= truth && truth <= estimate + 1.5 * (high - estimate) + 0.2, "\(p50)")
        #expect(disagreements(in: rows).isEmpty, "\(disagreements(in: rows))")
    }
}
