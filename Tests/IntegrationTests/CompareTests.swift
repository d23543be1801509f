import Foundation
import Testing

extension RunAgainstMilvusTests {
    /// A short sweep on the embedded Milvus: tracing off, fraction 0 and fraction 1, each on its
    /// own freshly started server, with client and server CPU measured for each.
    @Test func compareMeasuresTracingOffAgainstFractionsZeroAndOne() throws {
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
        let out = dir + "/overhead"
        let result = try CLIHarness.run(["compare", scenario, "--fractions", "0,1", "--repeat", "1", "--out", out])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("fraction 1 "), "\(result.stdout)")

        let rows = try readCSV(out + "/overhead.csv")
        #expect(rows.map { $0["setting"]! } == ["off", "client-0", "client-1"])
        for row in rows {
            for column in ["throughput_per_s", "p50_ms", "p99_ms", "client_cpu_ms_per_req", "server_cpu_ms_per_req"] {
                #expect((Double(row[column] ?? "") ?? 0) > 0, "\(column) in \(row)")
            }
            #expect((Double(row["server_rss_mb"] ?? "") ?? 0) > 50, "\(row)")
        }
        // Off means off on both sides: no span reaches the receiver. At fraction 0 every request
        // carries an unsampled traceparent and Milvus, following it, records nothing either.
        // Fraction 1 exports the client span and Milvus's spans of every request.
        let off = rows[0]
        let unsampled = rows[1]
        let traced = rows[2]
        #expect(Double(off["spans_per_s"] ?? "") == 0, "\(off)")
        #expect(Double(unsampled["spans_per_s"] ?? "") == 0, "\(unsampled)")
        let requestsPerSecond = Double(traced["throughput_per_s"]!)!
        #expect(Double(traced["spans_per_s"]!)! > 2 * requestsPerSecond, "\(traced)")
        #expect(!traced["throughput_change_pct"]!.isEmpty && !traced["server_cpu_change_ms_per_req"]!.isEmpty)

        let markdown = try String(contentsOfFile: out + "/overhead.md", encoding: .utf8)
        #expect(markdown.contains("- fraction 1 "))
        for run in ["off-r1", "client-0-r1", "client-1-r1"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/runs/\(run)/latency.csv"), "\(run) report missing")
        }
    }
}
