import Foundation
import Testing

extension RunAgainstMilvusTests {
    /// Milvus stalls (SIGSTOP) for 4 s in an open-loop phase, then resumes: requests time out
    /// after the scenario's 1 s, are counted by kind, the run goes on and completes, the timeline
    /// shows the gap, and latency after the stall is measured from the intended start times.
    @Test func aStalledMilvusTimesOutThenRecovers() throws {
        let dir = CLIHarness.temporaryDirectory("stall")
        let scenario = try CLIHarness.writeScenario(in: dir, """
            name: it-stall
            milvus: { venv: \(CLIHarness.venv), timeout: 1s }
            collection: { dim: 16 }
            dataset: { preload: 200 }
            tracing: { enabled: false }
            phases:
              - { name: stall, duration: 14s, workers: 2, rate: 20, mix: search }
            """)
        let out = dir + "/report"
        let run = try BackgroundRun(["run", scenario, "--out", out], in: dir)
        #expect(run.waitFor("[stall]"), "\(run.stderr.suffix(800))")
        let pid = try #require(run.milvusPID, "no Milvus pid in: \(run.stderr.suffix(800))")
        sleep(2)
        kill(pid, SIGSTOP)
        sleep(4)
        kill(pid, SIGCONT)
        let status = run.waitForExit()
        #expect(status == 0, "\(run.stderr.suffix(800))")

        let row = try #require(try readCSV(out + "/latency.csv").first)
        #expect((Int(row["errors"]!) ?? 0) >= 4, "\(row)")
        #expect((Int(row["requests"]!) ?? 0) > 150, "\(row)")
        // The backlog of the stall is answered late, and counted from when it was due.
        #expect((Double(row["max_ms"]!) ?? 0) > 1500, "\(row)")
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(summary.contains("timeout"), "\(summary)")
        let timeline = try readCSV(out + "/timeline.csv")
        let successes = timeline.map { (Int($0["requests"]!) ?? 0) - (Int($0["errors"]!) ?? 0) }
        #expect(successes.contains(0), "no gap in \(successes)")
        #expect(successes.last ?? 0 > 0, "no recovery in \(successes)")
    }

    /// Milvus is killed mid-phase: every later request fails and is counted, the phase runs to its
    /// end, and the report of what was measured is written.
    @Test func aCrashedMilvusLeavesACompleteReport() throws {
        let dir = CLIHarness.temporaryDirectory("crash")
        let scenario = try CLIHarness.writeScenario(in: dir, """
            name: it-crash
            milvus: { venv: \(CLIHarness.venv), timeout: 2s }
            collection: { dim: 16 }
            tracing: { enabled: false }
            phases:
              - { name: crash, duration: 8s, workers: 2, mix: search }
            """)
        let out = dir + "/report"
        let run = try BackgroundRun(["run", scenario, "--out", out], in: dir)
        #expect(run.waitFor("[crash]"), "\(run.stderr.suffix(800))")
        let pid = try #require(run.milvusPID)
        sleep(2)
        kill(pid, SIGKILL)
        let status = run.waitForExit()
        #expect([0, 3].contains(status), "\(run.stderr.suffix(800))")

        let row = try #require(try readCSV(out + "/latency.csv").first)
        #expect((Int(row["requests"]!) ?? 0) > Int(row["errors"]!)!, "\(row)")
        #expect((Int(row["errors"]!) ?? 0) > 0, "\(row)")
        // Workers pause after a lost connection instead of hammering a dead server.
        #expect((Int(row["errors"]!) ?? 0) < 1_000, "\(row)")
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))) as? [String: Any]
        #expect((record?["phases"] as? [Any])?.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).allSatisfy { !$0.hasPrefix(".") })
    }
}

extension RunAgainstMilvusTests {
    /// With `onError: stop`, the first failed request ends the run: exit 3, and the report of what
    /// ran is written, marked partial.
    @Test func onErrorStopEndsTheRunAtTheFirstFailure() throws {
        let dir = CLIHarness.temporaryDirectory("onerror")
        let scenario = try CLIHarness.writeScenario(in: dir, """
            name: it-onerror
            milvus: { venv: \(CLIHarness.venv), timeout: 2s }
            collection: { dim: 16 }
            tracing: { enabled: false }
            onError: stop
            phases:
              - { name: crash, duration: 60s, workers: 2, mix: search }
            """)
        let out = dir + "/report"
        let run = try BackgroundRun(["run", scenario, "--out", out], in: dir)
        #expect(run.waitFor("[crash]"), "\(run.stderr.suffix(800))")
        let pid = try #require(run.milvusPID)
        sleep(2)
        kill(pid, SIGKILL)
        let status = run.waitForExit(timeoutSeconds: 50)
        #expect(status == 3, "\(run.stderr.suffix(800))")
        #expect(run.stderr.contains("stopped at the first failed request"), "\(run.stderr.suffix(800))")
        let row = try #require(try readCSV(out + "/latency.csv").first)
        #expect((1...4).contains(Int(row["errors"]!) ?? 0), "\(row)")
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(summary.contains("Partial run"))
    }
}
