import Foundation
import HTTPFetch
import Scenario
import Testing
import TraceContext
import Traces
import Workload

@testable import Engine

/// Late spans: a phase's spans are collected until its traces stop growing (Milvus's exporters
/// batch for seconds, and its segcore spans come after its Go spans); a second Ctrl-C cuts it short.
@Suite struct TraceSessionTests {
    static func phase(_ ids: [TraceID]) -> PhaseResult {
        PhaseResult(
            phase: Phase(name: "search", length: .duration(seconds: 1), workers: 1, mix: [.search: 1]),
            startUnixNanos: 0, elapsedSeconds: 1, operations: [:], timeline: [],
            sampled: ids.enumerated().map { index, id in
                SampledRequest(
                    traceID: id, spanID: UInt64(index + 1), operation: .search, startUnixNanos: 0,
                    latencyNanos: 1_000_000, error: nil)
            }, sampleFraction: 1)
    }

    /// Posts a server span of `trace` (parent: the client span `parent`) to the session's OTLP/HTTP port.
    static func export(_ trace: TraceID, parent: UInt64, name: String, to session: TraceSession) async throws {
        guard case .receiver(_, let http, _, _) = session.source else { return }
        let span = Span(
            traceID: trace, spanID: parent &* 1000 &+ UInt64(name.count), parentSpanID: parent, name: name,
            service: "standalone", kind: .server, startUnixNanos: 1_000, endUnixNanos: 900_000)
        let answer = try await HTTPFetch.request(
            "http://127.0.0.1:\(http.port)/v1/traces", method: "POST", headers: ["Content-Type": "application/json"],
            body: Data(OTLPJSONWriter.lines([span]).utf8))
        #expect(answer.status == 200)
    }

    @Test func spansThatArriveLateAreWaitedFor() async throws {
        var spec = TracingSpec()
        spec.quietSeconds = 1.5
        let session = try await TraceSession.start(spec: spec, store: nil, embedded: true)
        defer { Task { await session.shutdown() } }
        let ids = [TraceID(high: 1, low: 1), TraceID(high: 1, low: 2)]
        session.collector.expect(ids)
        try await Self.export(ids[0], parent: 1, name: "milvus.proto.milvus.MilvusService/Search", to: session)
        // The second trace's spans come a second later (another exporter's batch).
        Task {
            try await Task.sleep(for: .milliseconds(900))
            try await Self.export(ids[1], parent: 2, name: "milvus.proto.milvus.MilvusService/Search", to: session)
        }
        let collected = await session.collect(
            Self.phase(ids), clientService: "milvus-client", control: RunControl()) { _ in }
        #expect(Set(collected.spans.map(\.traceID)) == Set(ids))
        #expect(collected.warnings.isEmpty)
    }

    @Test func aSecondInterruptSkipsTheWaitAndSaysSo() async throws {
        var spec = TracingSpec()
        spec.quietSeconds = 600
        let session = try await TraceSession.start(spec: spec, store: nil, embedded: true)
        defer { Task { await session.shutdown() } }
        let id = TraceID(high: 2, low: 1)
        session.collector.expect(id)
        try await Self.export(id, parent: 1, name: "milvus.proto.milvus.MilvusService/Search", to: session)
        let control = RunControl()
        control.interrupt(signal: "SIGINT")
        Task {
            try await Task.sleep(for: .milliseconds(300))
            control.interrupt(signal: "SIGINT")
        }
        let started = ContinuousClock.now
        let collected = await session.collect(Self.phase([id]), clientService: "milvus-client", control: control) { _ in }
        // Without the second interrupt the wait would be the 600 s of quiet asked for; with it, moments.
        // The bound is far from both (the test process's other tests have held its threads for 30 s).
        #expect(ContinuousClock.now - started < .seconds(300))
        #expect(collected.spans.count == 1)
        #expect(collected.warnings.contains { $0.contains("not waited for") })
    }
}
