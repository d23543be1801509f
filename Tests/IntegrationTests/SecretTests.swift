import Foundation
import Testing

extension RunAgainstMilvusTests {
    /// Credentials given literally, through the environment and through a file reach Milvus and
    /// Jaeger but never the terminal, the logs or any report file.
    @Test func plantedSecretsAppearInNoOutput() throws {
        let dir = CLIHarness.temporaryDirectory("secrets")
        let (milvus, started) = try BackgroundRun.embeddedMilvus(in: dir)
        defer {
            milvus.process.interrupt()
            _ = milvus.waitForExit(timeoutSeconds: 60)
        }
        let uri = try #require(started, "\(milvus.stderr.suffix(600))")

        let token = "planted-token-7f3a9c"
        let password = "planted-password-52e1"
        let jaegerAuth = "Bearer planted-jaeger-d41b"
        setenv("TRACELOAD_IT_PASSWORD", password, 1)
        try jaegerAuth.write(toFile: dir + "/jaeger-auth", atomically: true, encoding: .utf8)
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-secrets
            milvus: { uri: "\(uri)", token: \(token), user: root, password: "${TRACELOAD_IT_PASSWORD}" }
            traces: { jaeger: "http://127.0.0.1:9", auth: "file:\(dir)/jaeger-auth", deadline: 2s }
            collection: { dim: 16 }
            tracing: { sampleFraction: 1 }
            phases:
              - { name: search, requests: 50, workers: 2, mix: search }
            """)
        let out = dir + "/report"
        let result = try CLIHarness.run(["run", scenario, "--out", out])
        #expect(result.status == 0, "\(result.stderr.suffix(800))")
        #expect(FileManager.default.fileExists(atPath: out + "/latency.csv"))

        let secrets = [token, password, "planted-jaeger-d41b", Data("root:\(password)".utf8).base64EncodedString()]
        var texts = ["stdout": result.stdout, "stderr": result.stderr]
        for file in FileManager.default.enumerator(atPath: out)?.compactMap({ $0 as? String }) ?? [] {
            if let data = FileManager.default.contents(atPath: out + "/" + file) {
                texts[file] = String(decoding: data, as: UTF8.self)
            }
        }
        #expect(texts.count > 6, "\(texts.keys.sorted())")
        for (name, text) in texts {
            for secret in secrets { #expect(!text.contains(secret), "\(name) contains a planted secret") }
        }
    }
}
