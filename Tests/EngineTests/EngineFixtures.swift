import Foundation
import NullMilvus
import Scenario

/// Scenarios for the engine's tests: against a null Milvus in this process, so that the engine's
/// rules (stop, errors, rounds, segments, comparisons) are tested without the embedded one.
enum EngineFixtures {
    /// A scenario against the null Milvus on `port`; `phases` in the file's YAML.
    static func scenario(port: Int, phases: String, extra: String = "", overrides: [String] = []) throws -> Scenario {
        let directory = NSTemporaryDirectory() + "traceload-engine-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s.yaml"
        try """
        name: engine-test
        milvus: { uri: "http://127.0.0.1:\(port)" }
        collection: { dim: 8 }
        tracing: { enabled: false }
        \(extra)
        phases:
        \(phases)
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return try ScenarioLoader.load(path: path, overrides: overrides.compactMap(ScenarioOverride.init))
    }

    /// A null Milvus listening for the duration of `body`.
    static func serving<T>(
        searchLatency: Duration? = nil, failing: [String: String] = [:], _ body: (Int) async throws -> T
    ) async throws -> T {
        let server = NullMilvusServer(port: 0, searchLatency: searchLatency, failing: failing)
        let task = Task { try await server.run() }
        defer {
            server.stop()
            task.cancel()
        }
        return try await body(try await server.boundPort())
    }
}
