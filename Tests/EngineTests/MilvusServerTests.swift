import EmbeddedMilvus
import Foundation
import Scenario
import Testing
import Workload

@testable import Engine

/// One server's life for the engine, against a null Milvus standing in for an external one: what
/// it starts it stops, a failure on the way undoes what started, a stop ends the preparation.
@Suite struct MilvusServerTests {
    @Test func itReachesAMilvusWithItsReceiverAndStopsBoth() async throws {
        let ports = try #require(freeLoopbackPorts(2))
        let receiverPort = ports[0]
        try await EngineFixtures.serving { port in
            let scenario = try EngineFixtures.scenario(
                port: port, phases: "  - { name: search, duration: 1s, workers: 1, mix: search }",
                overrides: ["tracing.enabled=true", "tracing.receiver.host=127.0.0.1", "tracing.receiver.port=\(receiverPort)", "tracing.receiver.httpPort=\(ports[1])"])
            let server = try await MilvusServer.start(scenario, options: .init(), control: RunControl(), observer: { _ in })
            #expect(server.target == "external, 127.0.0.1:\(port)")
            #expect(server.traces?.otlpEndpoint == "http://127.0.0.1:\(receiverPort)")
            #expect(server.traces?.remoteEndpoint == "127.0.0.1:\(receiverPort)")
            #expect(server.client != nil && server.embedded == nil)
            try await server.prepare(control: RunControl(), observer: { _ in })
            let stopped = await server.stop(now: false, failed: false, observer: { _ in })
            #expect(stopped.receiver?.received == 0 && stopped.crashes.isEmpty && stopped.logTail == nil)
            // The receiver's port is free again.
            #expect(try canListen(on: receiverPort))
        }
    }

    @Test func aMilvusThatCannotBeReachedUndoesTheReceiverItStarted() async throws {
        let ports = try #require(freeLoopbackPorts(2))
        let receiverPort = ports[0]
        let scenario = try EngineFixtures.scenario(
            port: 1, phases: "  - { name: search, duration: 1s, workers: 1, mix: search }",
            overrides: ["tracing.enabled=true", "tracing.receiver.host=127.0.0.1", "tracing.receiver.port=\(receiverPort)", "tracing.receiver.httpPort=\(ports[1])"])
        do {
            _ = try await MilvusServer.start(scenario, options: .init(), control: RunControl(), observer: { _ in })
            Issue.record("a Milvus on port 1 was reached")
        } catch let error as EngineError {
            #expect(error.cause == .milvusUnreachable, "\(error)")
            #expect(error.message.hasPrefix("cannot reach Milvus at 127.0.0.1:1"), "\(error)")
        }
        #expect(try canListen(on: receiverPort))
    }

    /// Whatever step the preparation is in, a stop (Ctrl-C, a crashed Milvus) ends it.
    @Test func aStopEndsWorkRacedAgainstIt() async throws {
        let control = RunControl()
        let started = Date()
        Task {
            try await Task.sleep(for: .milliseconds(100))
            control.interrupt(signal: "test")
        }
        try await MilvusServer.raced(against: control.stop) { try await Task.sleep(for: .seconds(600)) }
        // Far below the work's ten minutes, however slow the machine (or however long the test
        // process's other tests hold its threads: 30 s has been seen).
        #expect(Date().timeIntervalSince(started) < 300)
    }

    /// `tracing.propagate: false`: the run sends no trace context, so no request is sampled, and
    /// the record says why nothing is broken down.
    @Test func aRunThatDoesNotPropagateSendsNoTraceContextAndSaysSo() async throws {
        let ports = try #require(freeLoopbackPorts(2))
        let receiverPort = ports[0]
        let end = try await EngineFixtures.serving { port in
            let scenario = try EngineFixtures.scenario(
                port: port, phases: "  - { name: search, duration: 0.5s, workers: 2, mix: search }",
                overrides: [
                    "tracing.enabled=true", "tracing.sampleFraction=1", "tracing.propagate=false",
                    "tracing.receiver.host=127.0.0.1", "tracing.receiver.port=\(receiverPort)", "tracing.receiver.httpPort=\(ports[1])",
                ])
            return await RunEngine(scenario: scenario, options: RunOptions(tool: "test")).run(
                control: RunControl(), observer: { _ in })
        }
        guard case .measured(let output) = end else { Issue.record("\(end)"); return }
        #expect(output.record.clientRequests.isEmpty)
        #expect(output.record.phases.first.map { $0.totalRequests > 0 } == true)
        #expect(output.record.notes.first?.hasPrefix("The client sent no trace context (tracing.propagate: false)") == true)
    }

    func canListen(on port: Int) throws -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        // As servers bind: a connection of the stopped receiver's in TIME_WAIT does not count, a listener does.
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 && listen(fd, 1) == 0
            }
        }
    }
}
