import Foundation
import Testing

extension RunAgainstMilvusTests {
    /// The tutorial's set-up pointed at traceload instead of Jaeger: an application with
    /// OpenTelemetry 1.25's gRPC instrumentation (flags 01) and the embedded Milvus both export to
    /// `traceload analyze --listen`; after Ctrl-C the report joins the application's searches to
    /// Milvus's spans.
    @Test func listenJoinsAnInstrumentedApplicationToMilvus() throws {
        let capture = try ListenCapture.run(
            app: CLIHarness.packageRoot.appendingPathComponent(".venv-bench").path, name: "listen01")
        #expect(capture.flags == 1)
        let search = try #require(capture.coverage.first { $0["operation"] == "Search" }, "\(capture.coverage)")
        let sampled = Int(search["sampled"]!) ?? 0
        let joined = Int(search["joined"]!) ?? 0
        #expect(sampled >= 95, "\(search)")
        #expect(Double(joined) >= 0.9 * Double(sampled), "\(search)")
        let components = Set(capture.components.filter { $0["operation"] == "Search" }.map { $0["component"]! })
        #expect(components.count >= 3 && components.contains("client+wire"), "\(components)")
        // The application's own span is not a request to Milvus.
        #expect(!capture.coverage.contains { $0["operation"] == "flags probe" })
        #expect(FileManager.default.fileExists(atPath: capture.out + "/spans.jsonl"))
    }

    /// The same with OpenTelemetry 1.45, whose sampled requests carry flags 03: Milvus starts
    /// traces of its own, nothing joins, and the report says why.
    @Test func listenExplainsFlags03() throws {
        let capture = try ListenCapture.run(
            app: CLIHarness.packageRoot.appendingPathComponent(".venv-app03").path, name: "listen03")
        #expect(capture.flags == 3)
        let search = try #require(capture.coverage.first { $0["operation"] == "Search" }, "\(capture.coverage)")
        #expect(search["joined"] == "0" && (Int(search["sampled"]!) ?? 0) >= 95, "\(search)")
        #expect(capture.summary.contains("flags are not exactly 01"), "\(capture.summary)")
    }
}

/// One capture: a listener, an embedded Milvus exporting to it, the instrumented application
/// (Listen/instrumented_app.py) from the Python environment `app`, then Ctrl-C to the listener.
struct ListenCapture {
    var out: String
    var flags: Int
    var coverage: [[String: String]]
    var components: [[String: String]]
    var summary: String

    static func run(app: String, name: String) throws -> ListenCapture {
        let dir = CLIHarness.temporaryDirectory(name)
        let out = dir + "/report"
        let listener = try BackgroundRun(
            ["analyze", "--listen", "0", "--http-port", "0", "--every", "2", "--out", out], in: dir, name: "listen")
        defer { listener.stop(graceSeconds: 0) }
        #expect(listener.waitFor("grpcPort", inStdout: true, timeoutSeconds: 60), "\(listener.stderr)")
        let ports =
            try JSONSerialization.jsonObject(with: Data(listener.stdout.split(separator: "\n")[0].utf8))
            as? [String: Int]
        let port = try #require(ports?["grpcPort"])

        let milvus = try BackgroundRun(
            ["milvus", "--venv", CLIHarness.venv, "--trace-endpoint", "127.0.0.1:\(port)", "--trace-fraction", "1"],
            in: dir, name: "milvus")
        defer {
            if milvus.process.isRunning { kill(milvus.process.processIdentifier, SIGINT) }
            _ = milvus.waitForExit(timeoutSeconds: 60)
            milvus.stop()
        }
        #expect(milvus.waitFor("uri", inStdout: true, timeoutSeconds: 240), "\(milvus.stderr)")
        let uri = try #require(
            (try JSONSerialization.jsonObject(with: Data(milvus.stdout.utf8)) as? [String: String])?["uri"])

        let script = CLIHarness.packageRoot.appendingPathComponent("Tests/IntegrationTests/Listen/instrumented_app.py")
            .path
        let result = try CLIHarness.execute(
            app + "/bin/python", [script, "--uri", uri, "--otlp", "127.0.0.1:\(port)", "--searches", "100"],
            timeoutSeconds: 300)
        #expect(result.status == 0, "\(result.stderr.suffix(2000))")
        let line = try #require(
            result.stdout.split(separator: "\n").last, "no output; stderr: \(result.stderr.suffix(2000))")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Int])
        #expect(answer["errors"] == 0, "\(answer)")

        // Milvus's exporter sends every 5 s: a few seconds more than that before the Ctrl-C, so
        // that the report does not depend on the late-span wait alone.
        sleep(6)
        kill(listener.process.processIdentifier, SIGINT)
        #expect(listener.waitForExit(timeoutSeconds: 120) == 0, "\(listener.stderr.suffix(2000))")
        return ListenCapture(
            out: out, flags: answer["flags"] ?? -1, coverage: try readCSV(out + "/coverage.csv"),
            components: try readCSV(out + "/components.csv"),
            summary: try String(contentsOfFile: out + "/summary.md", encoding: .utf8))
    }
}

extension RunAgainstMilvusTests {
    /// An installed traceload works in any folder: run from a folder outside the checkout with
    /// the scenario's default `venv` (`.venv`, not there), it finds the checkout's environment
    /// from where its binary lives.
    @Test func aRunFromAnotherFolderFindsTheEmbeddedMilvus() throws {
        let dir = CLIHarness.temporaryDirectory("elsewhere")
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-elsewhere
            collection: { dim: 8 }
            tracing: { enabled: false }
            phases:
              - { name: search, requests: 50, workers: 2, mix: search }
            """)
        let result = try CLIHarness.run(["run", scenario, "--out", dir + "/report"], in: dir)
        #expect(result.status == 0, "\(result.stderr.suffix(1500))")
        #expect(result.stderr.contains("from \(CLIHarness.venv)"), "\(result.stderr.prefix(600))")
        #expect(FileManager.default.fileExists(atPath: dir + "/report/latency.csv"))
    }
}
