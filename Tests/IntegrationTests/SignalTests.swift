import Foundation
import Testing

/// SIGTERM and a second Ctrl-C, against a null Milvus (a separate `traceload null-milvus`), so
/// the signal handling is tested without the minute an embedded Milvus takes to start.
@Suite(.serialized) struct SignalTests {
    /// Starts a null Milvus and a 10-minute closed-loop search run against it; returns both once
    /// the phase is under way.
    func startRun(_ name: String, tracing: String = "{ enabled: false }") throws -> (
        server: BackgroundRun, run: BackgroundRun, out: String
    ) {
        let (server, scenario, dir) = try prepare(name, tracing: tracing)
        let out = dir + "/report"
        let run = try BackgroundRun(["run", scenario, "--out", out], in: dir)
        #expect(run.waitFor("[long]", timeoutSeconds: 60), "\(run.stderr.suffix(600))")
        return (server, run, out)
    }

    /// A null Milvus and a scenario for it: (server, scenario file, directory).
    func prepare(_ name: String, tracing: String = "{ enabled: false }") throws -> (BackgroundRun, String, String) {
        let dir = CLIHarness.temporaryDirectory(name)
        let server = try BackgroundRun(["null-milvus", "--port", "0"], in: dir, name: "null-milvus")
        #expect(server.waitFor("\"port\"", inStdout: true, timeoutSeconds: 30), "\(server.stderr)")
        let port = try #require(server.stdout.split(separator: ":").last.flatMap { Int($0.filter(\.isNumber)) })
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-\(name)
            milvus: { uri: "http://127.0.0.1:\(port)" }
            collection: { dim: 16 }
            tracing: \(tracing)
            phases:
              - { name: long, duration: 10m, workers: 2, mix: search }
            """)
        return (server, scenario, dir)
    }

    /// SIGTERM (what a CI runner or `kill` sends) behaves like the first Ctrl-C: the load stops
    /// within two seconds and the report of what was measured is written, marked partial.
    @Test func sigtermStopsTheLoadAndWritesAPartialReport() throws {
        let (server, run, out) = try startRun("sigterm")
        defer {
            run.stop()
            server.stop()
        }
        let signalled = Date()
        run.process.terminate()
        #expect(run.waitForExit(timeoutSeconds: 30) == 130, "\(run.stderr.suffix(600))")
        #expect(run.stderr.contains("terminated (SIGTERM)"))
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(summary.contains("Partial run"), "\(summary.prefix(600))")
        // The load stopped within two seconds of the signal: the phase's recorded end (its start,
        // written to the whole second, plus how long it ran) is no later than that.
        let record =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json")))
            as? [String: Any]
        let phase = try #require((record?["phases"] as? [[String: Any]])?.first)
        let started = try #require((phase["startedAt"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) })
        let ended = started.addingTimeInterval(try #require(phase["elapsedSeconds"] as? Double))
        let lag = ended.timeIntervalSince(signalled)
        #expect(lag > -1.5 && lag <= 2, "the load ended \(lag) s after SIGTERM")
        #expect((phase["stoppedEarly"] as? String)?.contains("SIGTERM") == true)
    }

    /// A run started as a background job of a script (`traceload run ... &` in sh) inherits SIGINT
    /// ignored; traceload handles it anyway, one rule whatever the parent did, and a partial
    /// report comes out. The parent here is Python doing what sh does for a background job
    /// (SIGINT ignored, then exec); sh itself cannot reap its job under the test runner.
    @Test func aBackgroundJobOfAScriptObeysSIGINT() throws {
        let (server, path, dir) = try prepare("background")
        defer { server.stop() }
        let out = dir + "/report"
        let script = Process()
        script.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        script.arguments = [
            "python3", "-c",
            """
            import signal, subprocess, sys
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            child = subprocess.Popen([sys.argv[1], "run", sys.argv[2], "--out", sys.argv[3]], stderr=open(sys.argv[4] + "/stderr", "w"))
            open(sys.argv[4] + "/pid", "w").write(str(child.pid))
            open(sys.argv[4] + "/status", "w").write(str(child.wait()))
            """, try CLIHarness.binary, path, out, dir,
        ]
        try script.run()
        HelperReaper.shared.started(script)
        var pid: pid_t?
        // However the test ends: the run (a 10-minute phase) and its parent script are stopped.
        defer {
            // While the script runs, its child's pid is still its child's (not reaped, not reused).
            if script.isRunning, let pid { kill(pid, SIGKILL) }
            if script.isRunning { script.terminate() }
            script.waitUntilExit()
            HelperReaper.shared.stopped(script)
            if let pid { HelperReaper.shared.stopped(pid) }
        }
        for _ in 0..<600
        where pid == nil
            || !((try? String(contentsOfFile: dir + "/stderr", encoding: .utf8))?.contains("[long]") ?? false)
        {
            if pid == nil {
                pid = (try? String(contentsOfFile: dir + "/pid", encoding: .utf8)).flatMap {
                    pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines))
                }
                if let pid { HelperReaper.shared.started(pid) }
            }
            usleep(100_000)
        }
        let child = try #require(pid)
        kill(child, SIGINT)
        script.waitUntilExit()
        let status = (try? String(contentsOfFile: dir + "/status", encoding: .utf8))?.trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(
            status == "130", "\((try? String(contentsOfFile: dir + "/stderr", encoding: .utf8))?.suffix(600) ?? "")")
        #expect(FileManager.default.fileExists(atPath: out + "/summary.md"))
    }

    /// A second Ctrl-C skips only what is slow: with tracing on, the first Ctrl-C is followed by
    /// a wait for server spans (the null Milvus sends none, so the wait lasts its whole quiet
    /// period, two minutes here); the second cuts that short, and the report of what was measured
    /// is still written (it used to quit without one). The quiet period is long so that "cut
    /// short" is told apart from "waited" on a machine of any speed (with the default 6 s, a busy
    /// CI machine took 5.9 s to write the report after the skip).
    @Test func aSecondCtrlCSkipsTheWaitAndStillWritesTheReport() throws {
        let (server, run, out) = try startRun("sigint2", tracing: "{ sampleFraction: 1.0, quiet: 120s, deadline: 300s }")
        defer {
            run.stop()
            server.stop()
        }
        run.process.interrupt()
        #expect(run.waitFor("collecting server spans", timeoutSeconds: 10), "\(run.stderr.suffix(600))")
        usleep(300_000)
        #expect(run.process.isRunning, "the first Ctrl-C already ended the run: \(run.stderr.suffix(600))")
        let signalled = Date()
        run.process.interrupt()
        #expect(run.waitForExit(timeoutSeconds: 150) == 130, "\(run.stderr.suffix(600))")
        #expect(Date().timeIntervalSince(signalled) < 60, "the second Ctrl-C did not skip the 120 s wait")
        for file in ["summary.md", "latency.csv", "run.json"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(file)"), "\(file) missing after two Ctrl-Cs")
        }
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(summary.contains("not waited for"), "the report does not say the late spans were skipped")
    }
}
