import Analysis
import Foundation
import Results
import TestFixtures
import Testing
import TraceContext
import Traces
import Workload

/// An open loop's sampled request keeps the wait before its send in run.json, and correlation
/// sees its latency from the intended start, as the latency table does.
@Suite struct ClientQueueRecordTests {
    static let spans = try! Fixtures.spans("milvus-2.3.5/search-under-load/spans.jsonl")

    @Test func theWaitBeforeTheSendIsKeptAndCountedInTheLatency() throws {
        let clients = Self.spans.filter { $0.service == "milvus-client" && $0.name.hasSuffix("/Search") }
        let sampled = clients.map {
            SampledRequest(
                traceID: $0.traceID, spanID: $0.spanID, operation: .search, startUnixNanos: $0.startUnixNanos,
                latencyNanos: $0.durationNanos, error: nil, queuedNanos: 5_000_000)
        }
        let record = SampleRuns.run([SampleRuns.phaseResult(name: "load", latenciesMs: [1], sampled: sampled)])
        let again = try RunRecord.decode(try record.jsonData(), file: "run.json")
        #expect(again.phases[0].sampled?.allSatisfy { $0.queuedNanos == 5_000_000 } == true)
        let requests = again.clientRequests
        #expect(requests.count == clients.count)
        #expect(zip(requests, clients).allSatisfy { $0.latencyNanos == $1.durationNanos + 5_000_000 && $0.queuedNanos == 5_000_000 })
        // Correlated: the components, `client queue` among them, add up to that latency.
        let tracing = Reanalysis.correlate(again, spans: Self.spans, source: "spans.jsonl", clientService: "milvus-client")
        let search = try #require(tracing.breakdowns.first { $0.operation == "search" })
        let queue = try #require(search.components.first { $0.component == Attribution.clientQueue })
        #expect(abs(queue.meanMs - 5) < 1e-9)
        let mean = clients.map { Double($0.durationNanos) / 1e6 + 5 }.reduce(0, +) / Double(clients.count)
        #expect(abs(search.meanLatencyMs - mean) < 1e-6)
    }

    /// A closed loop's request (sent at once) writes no such field: run.json as before.
    @Test func aRequestSentOnTimeWritesNone() throws {
        let request = SampledRequest(
            traceID: TraceID(high: 1, low: 2), spanID: 3, operation: .search, startUnixNanos: 0, latencyNanos: 1_000_000,
            error: nil)
        let record = SampleRuns.run([SampleRuns.phaseResult(name: "load", latenciesMs: [1], sampled: [request])])
        let json = try #require(String(data: try record.jsonData(), encoding: .utf8))
        #expect(!json.contains("queuedNanos"))
    }
}
