import Foundation
import Testing

extension RunAgainstMilvusTests {
    /// Ctrl-C during a phase stops the load quickly and still writes a complete, partial report.
    @Test func sigintWritesAPartialReport() throws {
        let dir = CLIHarness.temporaryDirectory("sigint")
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-sigint
            milvus: { venv: \(CLIHarness.venv) }
            collection: { dim: 16 }
            tracing: { enabled: false }
            phases:
              - { name: long, duration: 10m, workers: 2, mix: search }
            """)
        let out = dir + "/report"
        let run = try BackgroundRun(["run", scenario, "--out", out], in: dir)
        defer { run.stop() }
        // Wait until the phase is under way (its first progress line).
        run.waitFor("[long]")
        #expect(run.process.isRunning)
        run.process.interrupt()
        let status = run.waitForExit(timeoutSeconds: 60)
        #expect(status == 130, "\(run.stderr.suffix(600))")

        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(summary.contains("Partial run"))
        let rows = try readCSV(out + "/latency.csv")
        #expect((Int(rows.first?["requests"] ?? "") ?? 0) > 0)
        let record =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json")))
            as? [String: Any]
        #expect((record?["partial"] as? String)?.contains("SIGINT") == true)
        // No temporary files left behind by the atomic writes.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).allSatisfy { !$0.hasPrefix(".") })
    }
}
