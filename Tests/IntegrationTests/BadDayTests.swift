import Foundation
import Testing

/// The bad days: a crashed Milvus, a killed traceload, requests that all fail, a Ctrl-C during
/// set-up. None may pass as a success or lose what was measured; none may leave Milvus running.
extension RunAgainstMilvusTests {
    /// SIGKILL of the embedded Milvus mid-phase: the run went on against a dead server and
    /// exited 0, with Milvus's logs deleted. Now the crash is named first, Milvus is started
    /// again on its data (onError: continue), its log tail is kept, and the run fails.
    @Test func aCrashedMilvusIsNamedFirstItsLogsAreKeptAndTheRunFails() throws {
        let dir = CLIHarness.temporaryDirectory("crash")
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-crash
            milvus: { venv: \(CLIHarness.venv) }
            collection: { dim: 16 }
            dataset: { preload: 300 }
            tracing: { enabled: false }
            phases:
              - { name: search, duration: 20s, workers: 2, mix: search }
            """)
        let out = dir + "/report"
        let run = try BackgroundRun(["run", scenario, "--out", out], in: dir)
        defer { run.stop() }
        #expect(run.waitFor("[search]", timeoutSeconds: 300), "\(run.stderr.suffix(800))")
        let pid = try #require(run.milvusPID)
        sleep(3)
        kill(pid, SIGKILL)
        let status = run.waitForExit(timeoutSeconds: 400)
        #expect(status == 3, "\(run.stderr.suffix(1500))")
        #expect(run.stderr.contains("Milvus exited (signal 9, SIGKILL) at"), "\(run.stderr.suffix(1500))")
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        let first = summary.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("**Run failed: Milvus exited (signal 9, SIGKILL) at "), "\(first)")
        #expect(first.contains(" s of phase search"), "\(first)")
        let tail = try String(contentsOfFile: out + "/milvus-logs-tail.txt", encoding: .utf8)
        #expect(tail.contains("==> milvus-stdout.log") || tail.contains("==> milvus-stderr.log"), "\(tail.prefix(400))")
        // Started again on its data: the phase has answers after the crash as well.
        #expect(run.stderr.contains("Milvus is up again"), "\(run.stderr.suffix(1500))")
        #expect(kill(pid, 0) != 0)
    }

    /// SIGKILL of traceload: Milvus ran on for about ten seconds and its half gigabyte stayed in
    /// the temporary folder for good. Now Milvus dies with its launcher, and the next run removes
    /// what was left.
    @Test func aKilledTraceloadTakesItsMilvusAlongAndTheNextRunCleansUp() throws {
        let dir = CLIHarness.temporaryDirectory("killed")
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-killed
            milvus: { venv: \(CLIHarness.venv) }
            collection: { dim: 16 }
            tracing: { enabled: false }
            phases:
              - { name: search, duration: 5m, workers: 2, mix: search }
            """)
        let run = try BackgroundRun(["run", scenario, "--out", dir + "/report"], in: dir)
        defer { run.stop() }
        #expect(run.waitFor("Milvus is up", timeoutSeconds: 300), "\(run.stderr.suffix(800))")
        let pid = try #require(run.milvusPID)
        let folder = try #require(
            run.stderr.components(separatedBy: " in ").dropFirst().first?.split(separator: "\n").first.map(String.init))
        kill(run.process.processIdentifier, SIGKILL)
        _ = run.waitForExit(timeoutSeconds: 30)
        let deadline = Date().addingTimeInterval(5)
        while kill(pid, 0) == 0 && Date() < deadline { usleep(100_000) }
        #expect(kill(pid, 0) != 0, "Milvus (pid \(pid)) outlived the killed traceload by 5 s")
        #expect(FileManager.default.fileExists(atPath: folder), "nothing was left at \(folder)?")

        // The next run, whatever it runs against, removes the dead run's folder.
        let (server, next) = try nullMilvusScenario(in: dir)
        defer { server.stop() }
        let result = try CLIHarness.run(["run", next, "--out", dir + "/next"])
        #expect(result.status == 0, "\(result.stderr.suffix(800))")
        #expect(!FileManager.default.fileExists(atPath: folder), "\(folder) is still there")
        #expect(result.stderr.contains("left behind by a traceload that is no longer running"))
    }

    /// Ctrl-C while the collection is prepared took 22 s (set-up waited for segments to be sealed).
    @Test func ctrlCDuringSetUpEndsTheRunWithinTwoSeconds() throws {
        let dir = CLIHarness.temporaryDirectory("setup-stop")
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-setup-stop
            milvus: { venv: \(CLIHarness.venv) }
            collection: { dim: 64, index: { type: HNSW, params: { M: 16, efConstruction: 200 } } }
            dataset: { preload: 60000 }
            tracing: { enabled: false }
            phases:
              - { name: search, duration: 10s, workers: 2, mix: search }
            """)
        let run = try BackgroundRun(["run", scenario, "--out", dir + "/report"], in: dir)
        defer { run.stop() }
        #expect(run.waitFor("creating collection", timeoutSeconds: 300), "\(run.stderr.suffix(800))")
        let pid = try #require(run.milvusPID)
        usleep(500_000)
        let signalled = Date()
        run.process.interrupt()
        let status = run.waitForExit(timeoutSeconds: 60)
        let took = Date().timeIntervalSince(signalled)
        #expect(status == 130, "\(run.stderr.suffix(800))")
        // Two seconds, and the harness's tenth of a second of polling.
        #expect(took < 2.2, "the run ended \(took) s after Ctrl-C: \(run.stderr.suffix(800))")
        // Gone with the run (a dying process takes a moment to leave the process table).
        let gone = Date().addingTimeInterval(2)
        while kill(pid, 0) == 0 && Date() < gone { usleep(50_000) }
        #expect(kill(pid, 0) != 0, "Milvus is still running 2 s after the run ended")
        #expect(run.stderr.contains("nothing was measured"))
    }
}

/// A run in which every request fails exits non-zero without any threshold (it exited 0).
@Suite struct FailingRequestsTests {
    @Test func aRunWhoseRequestsAllFailExitsWithTheRunFailedCode() throws {
        let dir = CLIHarness.temporaryDirectory("allfail")
        let (server, scenario) = try nullMilvusScenario(in: dir, arguments: ["--fail-searches", "field tenantid not exist"])
        defer { server.stop() }
        let result = try CLIHarness.run(["run", scenario, "--out", dir + "/report"])
        #expect(result.status == 3, "\(result.stderr.suffix(800))")
        let summary = try String(contentsOfFile: dir + "/report/summary.md", encoding: .utf8)
        #expect(summary.hasPrefix("**Run failed: not one of "), "\(summary.prefix(300))")
        #expect(summary.contains("tenantid"))
    }

    /// Some requests fail: the default error gate (1% per operation) is crossed, and says so first.
    @Test func theDefaultErrorGateFailsARunWithFailedRequests() throws {
        let dir = CLIHarness.temporaryDirectory("gate")
        let (server, _) = try nullMilvusScenario(in: dir, arguments: ["--fail-searches", "invalid expression"])
        defer { server.stop() }
        let port = try #require(server.stdout.split(separator: ":").last.flatMap { Int($0.filter(\.isNumber)) })
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-gate
            milvus: { uri: "http://127.0.0.1:\(port)" }
            collection: { dim: 16 }
            tracing: { enabled: false }
            phases:
              - { name: mixed, requests: 400, workers: 2, mix: { search: 1, insert: 3 } }
            """)
        let result = try CLIHarness.run(["run", scenario, "--out", dir + "/report"])
        #expect(result.status == 4, "\(result.stderr.suffix(800))")
        let summary = try String(contentsOfFile: dir + "/report/summary.md", encoding: .utf8)
        let lead = summary.split(separator: "\n").dropFirst().first.map(String.init) ?? ""
        #expect(lead.hasPrefix("**1 threshold crossed:** `search.errors`"), "\(summary.prefix(400))")
        #expect(lead.contains("the default error gate"))
        let off = try CLIHarness.run([
            "run", scenario, "--out", dir + "/off", "--set", "maxErrorRate=off", "--set", "phases.mixed.requests=40",
        ])
        #expect(off.status == 0, "\(off.stderr.suffix(600))")
    }
}

/// A `traceload null-milvus` in the background and a short scenario against it.
func nullMilvusScenario(in dir: String, arguments: [String] = []) throws -> (BackgroundRun, String) {
    let server = try BackgroundRun(["null-milvus", "--port", "0"] + arguments, in: dir, name: "null-milvus-\(UUID().uuidString.prefix(4))")
    #expect(server.waitFor("\"port\"", inStdout: true, timeoutSeconds: 30), "\(server.stderr)")
    let port = try #require(server.stdout.split(separator: ":").last.flatMap { Int($0.filter(\.isNumber)) })
    let path = dir + "/null-\(port).yaml"
    try """
    name: it-null
    milvus: { uri: "http://127.0.0.1:\(port)" }
    collection: { dim: 16 }
    tracing: { enabled: false }
    phases:
      - { name: search, requests: 200, workers: 2, mix: search }
    """.write(toFile: path, atomically: true, encoding: .utf8)
    return (server, path)
}
