import Foundation
import Testing

extension RunAgainstMilvusTests {
    /// Ctrl-C during a phase stops the load quickly and still writes a complete, partial report.
    @Test func sigintWritesAPartialReport() throws {
        let dir = CLIHarness.temporaryDirectory("sigint")
        let scenario = dir + "/it.yaml"
        try """
            name: it-sigint
            milvus: { venv: \(CLIHarness.venv) }
            collection: { dim: 16 }
            tracing: { enabled: false }
            phases:
              - { name: long, duration: 10m, workers: 2, mix: search }
            """.write(toFile: scenario, atomically: true, encoding: .utf8)
        let out = dir + "/report"
        let log = dir + "/stderr.log"
        FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try CLIHarness.binary)
        process.arguments = ["run", scenario, "--out", out]
        process.standardError = FileHandle(forWritingAtPath: log)
        process.standardOutput = FileHandle.nullDevice
        try process.run()

        // Wait until the phase is under way (its first progress line), at most 4 minutes.
        let started = Date()
        while Date().timeIntervalSince(started) < 240 && process.isRunning {
            if (try? String(contentsOfFile: log, encoding: .utf8))?.contains("[long]") == true { break }
            usleep(200_000)
        }
        #expect(process.isRunning)
        process.interrupt()
        let interrupted = Date()
        while process.isRunning && Date().timeIntervalSince(interrupted) < 60 { usleep(100_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        let stderr = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 130, "\(stderr.suffix(600))")

        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(summary.contains("Partial run"))
        let rows = try readCSV(out + "/latency.csv")
        #expect((Int(rows.first?["requests"] ?? "") ?? 0) > 0)
        let run = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))) as? [String: Any]
        #expect((run?["partial"] as? String)?.contains("SIGINT") == true)
        // No temporary files left behind by the atomic writes.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).allSatisfy { !$0.hasPrefix(".") })
    }
}
