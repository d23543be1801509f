import EmbeddedMilvus
import Foundation
import Testing

/// The server's life in a comparison as in a run: a crashed Milvus ends it (named first, its
/// rounds kept), and an external Milvus whose tracing differs between variants is restarted with
/// each one's settings by `compare.restart`.
extension RunAgainstMilvusTests {
    /// SIGKILL of the embedded Milvus mid-comparison: compare went on for five minutes computing
    /// verdicts from failed requests. Now the crash ends it at once: exit 3, the crash on the
    /// report's first line, the rounds that finished kept.
    @Test func compareNamesACrashedMilvusFirstAndKeepsTheRoundsThatFinished() throws {
        let dir = CLIHarness.temporaryDirectory("compare-crash")
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-compare-crash
            milvus: { venv: \(CLIHarness.venv) }
            collection: { dim: 16 }
            dataset: { preload: 300 }
            phases:
              - { name: search, duration: 2s, workers: 2, mix: search }
            """)
        let out = dir + "/compare"
        let run = try BackgroundRun(
            ["compare", scenario, "--fractions", "0,1", "--repeat", "200", "--block", "1s", "--seed", "3", "--out", out],
            in: dir)
        // Round 1 is counted once round 2 begins.
        #expect(run.waitFor("round 2:", timeoutSeconds: 400), "\(run.stderr.suffix(1500))")
        let pid = try #require(run.milvusPID)
        kill(pid, SIGKILL)
        let killed = Date()
        let status = run.waitForExit(timeoutSeconds: 300)
        #expect(status == 3, "\(run.stderr.suffix(1500))")
        // Noticed within moments, not after the remaining rounds (a generous bound for a slow machine).
        #expect(Date().timeIntervalSince(killed) < 120)
        let report = try String(contentsOfFile: out + "/overhead.md", encoding: .utf8)
        let first = report.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("**Comparison failed: Milvus exited (signal 9, SIGKILL)"), "\(first)")
        let rows = try readCSV(out + "/overhead.csv")
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { (Int($0["rounds"] ?? "") ?? 0) >= 1 }, "\(rows.prefix(2))")
        #expect(kill(pid, 0) != 0)
    }

    /// An "external" Milvus (`traceload milvus`) that a restart command stops and starts again with
    /// other tracing: a run with `tracing.propagate: false` sends it no trace context (Milvus, at
    /// fraction 0, then exports nothing), one with it does; and a comparison of tracing off against
    /// Milvus sampling every request on its own restarts it between them, the variants' server
    /// spans following the settings.
    @Test func compareRestartsAnExternalMilvusWithEachVariantsTracing() throws {
        let dir = CLIHarness.temporaryDirectory("compare-restart")
        let ports = try #require(freeLoopbackPorts(3))
        let (milvusPort, receiverPort, httpPort) = (ports[0], ports[1], ports[2])
        let script = dir + "/restart.sh"
        try """
        #!/bin/sh
        # restart.sh EXPORTER FRACTION ENDPOINT: stop the running Milvus, start it again on its data.
        cd "\(dir)"
        if [ -f milvus.pid ]; then
          pid=$(cat milvus.pid); kill -INT "$pid" 2>/dev/null
          while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
        fi
        trace=""
        if [ "$1" = otlp ]; then trace="--trace-endpoint $3 --trace-fraction $2"; fi
        # The Milvus left running keeps none of its starter's descriptors (a test's pipes, Foundation's
        # process watch): whoever waits for them to close must not wait for this Milvus.
        TRACELOAD_STOP_GRACE=2 python3 -c 'import os, sys; os.closerange(3, 65536); os.execvp(sys.argv[1], sys.argv[1:])' \
          "\(try CLIHarness.binary)" milvus --venv "\(CLIHarness.venv)" --dir "\(dir)/milvus" --port \(milvusPort) $trace \
          > milvus.out 2>> milvus.err < /dev/null &
        echo $! > milvus.pid
        echo "$1 $2" >> restarts.log
        i=0
        while [ $i -lt 600 ]; do grep -q '"uri"' milvus.out && exit 0; i=$((i + 1)); sleep 0.5; done
        exit 1
        """.write(toFile: script, atomically: true, encoding: .utf8)
        defer {
            // The last Milvus goes whatever happened.
            if let pid = try? String(contentsOfFile: dir + "/milvus.pid", encoding: .utf8).trimmingCharacters(
                in: .whitespacesAndNewlines), let number = pid_t(pid)
            {
                kill(number, SIGINT)
                let deadline = Date().addingTimeInterval(60)
                while kill(number, 0) == 0 && Date() < deadline { usleep(200_000) }
                if kill(number, 0) == 0 { kill(number, SIGKILL) }
            }
        }
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-compare-restart
            milvus: { uri: "http://127.0.0.1:\(milvusPort)" }
            collection: { dim: 16 }
            dataset: { preload: 300 }
            tracing: { sampleFraction: 1, receiver: { host: 127.0.0.1, port: \(receiverPort), httpPort: \(httpPort) } }
            compare: { restart: "sh \(script) {exporter} {fraction} {endpoint}" }
            phases:
              - { name: search, duration: 3s, workers: 1, rate: 20, mix: search }
            """)
        // system(): waited for by the shell's pid (the Milvus it leaves running must not hold the test up).
        let firstStatus = system("sh \(script) otlp 0 127.0.0.1:\(receiverPort)")
        #expect(firstStatus == 0, "Milvus did not start: see \(dir)/milvus.err")

        // No trace context: Milvus (sampling 0 on its own) exports nothing; the report says why.
        let quiet = try CLIHarness.run(["run", scenario, "--set", "tracing.propagate=false", "--out", dir + "/quiet"])
        #expect(quiet.status == 0, "\(quiet.stderr.suffix(1500))")
        let summary = try String(contentsOfFile: dir + "/quiet/summary.md", encoding: .utf8)
        #expect(summary.contains("The client sent no trace context (tracing.propagate: false)"), "\(summary.prefix(1500))")
        #expect(try receivedSpans(dir + "/quiet/run.json") == 0)
        // With it, Milvus follows the client's decision and its spans arrive.
        let traced = try CLIHarness.run(["run", scenario, "--out", dir + "/traced"])
        #expect(traced.status == 0, "\(traced.stderr.suffix(1500))")
        #expect(try receivedSpans(dir + "/traced/run.json") > 0)

        let out = dir + "/compare"
        let result = try CLIHarness.run(
            ["compare", scenario, "--server-fractions", "1", "--repeat", "2", "--block", "4s", "--seed", "5", "--out", out],
            timeoutSeconds: 1200)
        #expect(result.status == 0, "\(result.stderr.suffix(2500))")
        let restarts = try String(contentsOfFile: dir + "/restarts.log", encoding: .utf8).split(separator: "\n")
        // The first start, one to set the comparison's tracing, then at most one per round (a
        // warm-up round and two counted: a comparison needs two rounds for a spread).
        #expect(restarts.count >= 3 && restarts.count <= 5, "\(restarts)")
        let rows = try readCSV(out + "/overhead.csv")
        let spans = try #require(rows.first { $0["variant"] == "server-1" && $0["figure"] == "spans_per_s" })
        // Tracing off (the baseline) sends no context and Milvus samples nothing: no spans; Milvus
        // sampling every request: spans, about as many a second as requests times spans a request.
        #expect(Double(spans["baseline"] ?? "") == 0, "\(spans)")
        #expect((Double(spans["value"] ?? "") ?? 0) > 5, "\(spans)")
        let report = try String(contentsOfFile: out + "/overhead.md", encoding: .utf8)
        #expect(report.contains("compare.restart restarted Milvus"), "\(report.suffix(1500))")
    }

    func receivedSpans(_ path: String) throws -> Int {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        let tracing = json?["tracing"] as? [String: Any]
        let receiver = tracing?["receiver"] as? [String: Any]
        return try #require(receiver?["received"] as? Int)
    }
}
