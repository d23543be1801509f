import Foundation
import Testing

extension RunAgainstMilvusTests {
    /// Milvus stalls (SIGSTOP) for 4 s in an open-loop phase, then resumes: requests time out
    /// after the scenario's 1 s, are counted by kind, the run goes on and completes, the timeline
    /// shows the gap, and latency after the stall is measured from the intended start times.
    @Test func aStalledMilvusTimesOutThenRecovers() throws {
        let dir = CLIHarness.temporaryDirectory("stall")
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-stall
            milvus: { venv: \(CLIHarness.venv), timeout: 1s }
            # The stall's timeouts are the point here, not a failure (the default gate is 1%).
            maxErrorRate: 20%
            collection: { dim: 16 }
            dataset: { preload: 200 }
            tracing: { enabled: false }
            phases:
              - { name: stall, duration: 14s, workers: 2, rate: 20, mix: search }
            """)
        let out = dir + "/report"
        let run = try BackgroundRun(["run", scenario, "--out", out], in: dir)
        defer { run.stop() }
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
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-crash
            milvus: { venv: \(CLIHarness.venv), timeout: 2s }
            collection: { dim: 16 }
            tracing: { enabled: false }
            phases:
              - { name: crash, duration: 8s, workers: 2, mix: search }
            """)
        let out = dir + "/report"
        let run = try BackgroundRun(["run", scenario, "--out", out], in: dir)
        defer { run.stop() }
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
        let record =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json")))
            as? [String: Any]
        #expect((record?["phases"] as? [Any])?.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).allSatisfy { !$0.hasPrefix(".") })
    }
}

extension RunAgainstMilvusTests {
    /// With `onError: stop`, the first failed request ends the run: exit 3, and the report of what
    /// ran is written, marked partial.
    @Test func onErrorStopEndsTheRunAtTheFirstFailure() throws {
        let dir = CLIHarness.temporaryDirectory("onerror")
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
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
        defer { run.stop() }
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

extension RunAgainstMilvusTests {
    /// Milvus is stopped mid-phase and started again on the same data and port: requests fail
    /// while it is down, and the running traceload reconnects and goes on once it is back.
    @Test func aRestartedMilvusIsReconnected() throws {
        let dir = CLIHarness.temporaryDirectory("restart")
        let port = try #require(freeLocalPort())
        let milvusArguments = ["milvus", "--venv", CLIHarness.venv, "--dir", dir + "/milvus", "--port", String(port)]
        let first = try BackgroundRun(milvusArguments, in: dir, name: "milvus-1")
        defer { first.stop() }
        #expect(first.waitFor("\"uri\"", inStdout: true), "\(first.stderr.suffix(600))")
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-restart
            milvus: { uri: "http://127.0.0.1:\(port)", timeout: 2s }
            collection: { dim: 16 }
            dataset: { preload: 500 }
            tracing: { enabled: false }
            phases:
              - { name: restart, duration: 10m, workers: 2, mix: search }
            """)
        let out = dir + "/report"
        let run = try BackgroundRun(["run", scenario, "--out", out], in: dir)
        defer { run.stop() }
        #expect(run.waitFor("[restart]"), "\(run.stderr.suffix(800))")
        sleep(3)
        first.process.interrupt()
        #expect(first.waitForExit(timeoutSeconds: 120) == 0)
        let second = try BackgroundRun(milvusArguments, in: dir, name: "milvus-2")
        defer {
            second.process.interrupt()
            _ = second.waitForExit(timeoutSeconds: 60)
        }
        #expect(second.waitFor("\"uri\"", inStdout: true), "\(second.stderr.suffix(600))")
        // Milvus reloads the collection after its start (seconds to a minute on a busy machine);
        // wait until a progress line (every 5 s) shows answered requests again.
        let answered = waitUntil(timeoutSeconds: 180) {
            let counts = progressCounts(run.stderr).suffix(2)
            guard let last = counts.last, let before = counts.first, counts.count == 2 else { return false }
            return last.requests - before.requests > last.errors - before.errors
        }
        sleep(6)
        run.process.interrupt()
        #expect(run.waitForExit(timeoutSeconds: 60) == 130, "\(run.stderr.suffix(800))")

        let summary = (try? String(contentsOfFile: out + "/summary.md", encoding: .utf8)) ?? "no summary"
        let errorKinds = summary.split(separator: "\n").filter { $0.contains(" × ") }.joined(separator: "\n")
        #expect(answered, "no answers after the restart; errors: \(errorKinds); progress: \(run.stderr.suffix(900))")
        let row = try #require(try readCSV(out + "/latency.csv").first)
        #expect((Int(row["errors"]!) ?? 0) > 0, "\(row)")
        let timeline = try readCSV(out + "/timeline.csv")
        let successes = timeline.map { (Int($0["requests"]!) ?? 0) - (Int($0["errors"]!) ?? 0) }
        #expect(successes.contains(0), "no gap in \(successes)")
        #expect(
            successes.dropLast().suffix(4).allSatisfy { $0 > 0 },
            "not reconnected: \(successes.suffix(60)); errors: \(errorKinds)")
    }
}

/// The (requests, errors) of each progress line a run printed, in order.
func progressCounts(_ stderr: String) -> [(requests: Int, errors: Int)] {
    stderr.split(separator: "\n").compactMap { line in
        let words = line.split(separator: " ")
        guard let r = words.firstIndex(of: "requests"), let e = words.firstIndex(of: "errors"),
            r + 1 < words.count, e + 1 < words.count,
            let requests = Int(words[r + 1]), let errors = Int(words[e + 1])
        else { return nil }
        return (requests, errors)
    }
}

/// Polls `condition` every second until it holds or `timeoutSeconds` pass.
func waitUntil(timeoutSeconds: Double, _ condition: () -> Bool) -> Bool {
    let started = Date()
    while Date().timeIntervalSince(started) < timeoutSeconds {
        if condition() { return true }
        sleep(1)
    }
    return condition()
}

func freeLocalPort() -> Int? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
        }
    }
    return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
}
