import Foundation
import Testing

/// What the OpenTelemetry Collector sends by default: gzip-compressed OTLP, over gRPC and over
/// HTTP. Real exporters (OpenTelemetry Python 1.45's, on grpcio) export to `analyze --listen`,
/// which counts every span of both (it refused both: UNIMPLEMENTED and HTTP 415).
@Suite struct GzipExportTests {
    @Test func gzipExportsOverGRPCAndHTTPAreCounted() throws {
        let dir = CLIHarness.temporaryDirectory("gzip")
        let out = dir + "/report"
        let listener = try BackgroundRun(
            ["analyze", "--listen", "0", "--http-port", "0", "--for", "60s", "--out", out], in: dir, name: "listen")
        defer { listener.stop(graceSeconds: 0) }
        #expect(listener.waitFor("grpcPort", inStdout: true, timeoutSeconds: 60), "\(listener.stderr)")
        let ports =
            try JSONSerialization.jsonObject(with: Data(listener.stdout.split(separator: "\n")[0].utf8))
            as? [String: Int]
        let grpc = try #require(ports?["grpcPort"])
        let http = try #require(ports?["httpPort"])
        let python = CLIHarness.packageRoot.appendingPathComponent(".venv-app03/bin/python").path
        let script = CLIHarness.packageRoot.appendingPathComponent("Tests/IntegrationTests/Listen/gzip_exports.py").path
        let result = try CLIHarness.execute(
            python, [script, "--grpc", "127.0.0.1:\(grpc)", "--http", "http://127.0.0.1:\(http)", "--spans", "25"],
            timeoutSeconds: 120)
        #expect(result.status == 0, "\(result.stderr.suffix(2000))")
        listener.process.interrupt()
        #expect(listener.waitForExit(timeoutSeconds: 60) == 0, "\(listener.stderr.suffix(1200))")
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(summary.contains("50 spans received"), "\(summary.prefix(600))")
        #expect(!summary.contains("malformed"), "\(summary.prefix(600))")
    }
}
