import EmbeddedMilvus
import Foundation
import Scenario
import Testing

@testable import Engine

/// `compare.restart`: the user's command runs before blocks that need other server tracing, with
/// its placeholders filled in, and the blocks of one tracing run together so that restarts are few.
@Suite struct ServerRestartTests {
    @Test func placeholdersAreFilledIn() {
        let restart = ServerRestart(command: "restart.sh {exporter} {fraction} {endpoint} {exporter}")
        #expect(
            restart.filled(ServerTracing(exporter: "otlp", fraction: 0.1), endpoint: "10.0.0.5:4317")
                == "restart.sh otlp 0.1 10.0.0.5:4317 otlp")
        #expect(restart.filled(ServerTracing(exporter: "noop", fraction: 0), endpoint: "") == "restart.sh noop 0  noop")
    }

    @Test func blocksOfOneTracingRunTogetherThePresentOneFirst() {
        let off = ServerTracing(exporter: "otlp", fraction: 0)
        let on = ServerTracing(exporter: "otlp", fraction: 1)
        var plan = ServerPlan(variants: [], clientOnly: false, aaOwnServer: false)
        plan.tracing = [off, off, on, on]
        // Within a tracing the schedule's order stands; the tracing Milvus has now comes first.
        #expect(plan.arranged([2, 0, 3, 1], after: nil) == [2, 3, 0, 1])
        #expect(plan.arranged([2, 0, 3, 1], after: off) == [0, 1, 2, 3])
        #expect(plan.arranged([3, 1, 0, 2], after: on) == [3, 2, 1, 0])
        // Over rounds: one restart per round boundary at most, none inside a group.
        var present: ServerTracing? = nil
        var restarts = 0
        for order in [[0, 2, 1, 3], [3, 0, 2, 1], [1, 3, 2, 0], [2, 1, 0, 3]] {
            for index in plan.arranged(order, after: present) where plan.tracing![index] != present {
                restarts += 1
                present = plan.tracing![index]
            }
        }
        #expect(restarts == 5)  // to the first tracing, then one a round: [off on] [on off] [off on] [on off]
        // Without restarts the order is the schedule's.
        plan.tracing = nil
        #expect(plan.arranged([2, 0, 3, 1], after: off) == [2, 0, 3, 1])
    }

    @Test func variantsThatDifferInServerTracingShareOneExternalMilvusWithRestarts() throws {
        let base = try EngineFixtures.scenario(
            port: 19530, phases: "  - { name: search, duration: 1s, workers: 1, mix: search }")
        var server = base
        server.tracing.serverSampleFraction = 1
        server.tracing.enabled = true
        let variants = [
            CompareVariant(name: "off", settings: [], scenario: base),
            CompareVariant(name: "server-1", settings: [], scenario: server),
        ]
        let plain = ServerPlan(variants: variants, clientOnly: false, aaOwnServer: false)
        #expect(plain.groups.count == 2 && plain.tracing == nil)
        let restarting = ServerPlan(variants: variants, clientOnly: false, aaOwnServer: false, restarts: true)
        #expect(restarting.groups.count == 1)
        #expect(restarting.tracing == [ServerTracing(exporter: "noop", fraction: 0), ServerTracing(exporter: "otlp", fraction: 1)])
        // The one server listens for spans, since a variant on it traces.
        #expect(restarting.groups[0].scenario.tracing.enabled)
    }

    /// Against a null Milvus standing in for an external one: the command runs once at the start
    /// and then only where the tracing changes, each time with the variant's settings, and the
    /// report says how many restarts there were.
    @Test func theRestartCommandRunsWhereTheTracingChanges() async throws {
        let directory = NSTemporaryDirectory() + "traceload-restart-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/restarts"
        let ports = try #require(freeLoopbackPorts(2))
        let receiverPort = ports[0]
        let progress = try await EngineFixtures.serving { port in
            let extra = """
                compare: { restart: "echo {exporter} {fraction} {endpoint} >> \(log)" }
                """
            let base = try EngineFixtures.scenario(
                port: port, phases: "  - { name: search, duration: 2s, workers: 1, rate: 50, mix: search }",
                extra: extra,
                overrides: ["tracing.enabled=true", "tracing.receiver.host=127.0.0.1", "tracing.receiver.port=\(receiverPort)", "tracing.receiver.httpPort=\(ports[1])"])
            let variants = [
                CompareVariant(name: "off", settings: [], scenario: with(base) { $0.tracing.propagate = false }),
                CompareVariant(
                    name: "server-1", settings: [],
                    scenario: with(base) {
                        $0.tracing.propagate = false
                        $0.tracing.serverSampleFraction = 1
                    }),
            ]
            let options = CompareOptions(
                tool: "test", variants: variants, budgetSeconds: nil, rounds: 3, blockSeconds: 0.5, seed: 7,
                restartCommand: base.compare.restartCommand)
            let end = await CompareEngine(options: options).run(control: RunControl(), observer: { _ in }) { _ in }
            guard case .finished(let progress) = end else {
                Issue.record("\(end)")
                return nil as CompareProgress?
            }
            return progress
        }
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        // Once to set the tracing at the start, then once a round (warm-up round 0, rounds 1 to 3)
        // at most: never at every block.
        #expect(lines.count >= 2 && lines.count <= 5, "\(lines)")
        #expect(Set(lines) == ["otlp 0 127.0.0.1:\(receiverPort)", "otlp 1 127.0.0.1:\(receiverPort)"], "\(lines)")
        for (a, b) in zip(lines, lines.dropFirst()) { #expect(a != b, "a restart to the tracing Milvus had: \(lines)") }
        let notes = try #require(progress?.summary.notes)
        #expect(notes.contains { $0.hasPrefix("compare.restart restarted Milvus \(lines.count) times") }, "\(notes)")
    }
}

func with<T>(_ value: T, _ change: (inout T) -> Void) -> T {
    var copy = value
    change(&copy)
    return copy
}
