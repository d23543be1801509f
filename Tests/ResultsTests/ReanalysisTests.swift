import Analysis
import Results
import TestFixtures
import Testing
import TraceContext
import Traces
import Workload

/// A run's sampled requests correlated again with a recording of their spans.
@Suite struct ReanalysisTests {
    static let spans = try! Fixtures.spans("milvus-2.3.5/search-under-load/spans.jsonl")

    /// The recording's client search spans as a run's sampled requests, plus one Milvus never saw.
    func run() -> (RunRecord, searches: Int) {
        let clients = Self.spans.filter { $0.service == "milvus-client" && $0.name.hasSuffix("/Search") }
        var sampled = clients.map {
            SampledRequest(
                traceID: $0.traceID, spanID: $0.spanID, operation: .search, startUnixNanos: $0.startUnixNanos,
                latencyNanos: $0.durationNanos, error: nil)
        }
        sampled.append(
            SampledRequest(
                traceID: TraceID(high: 1, low: 2), spanID: 3, operation: .search, startUnixNanos: 0,
                latencyNanos: 1_000_000, error: nil))
        let phase = SampleRuns.phaseResult(name: "load", latenciesMs: [1], sampled: sampled)
        return (SampleRuns.run([phase]), clients.count)
    }

    @Test func sampledRequestsJoinTheirTracesAndOthersAreCountedMissing() throws {
        let (record, searches) = run()
        #expect(searches > 100)
        let tracing = Reanalysis.correlate(
            record, spans: Self.spans, source: "trace file spans.jsonl", clientService: "milvus-client")
        let search = try #require(tracing.breakdowns.first { $0.operation == "search" })
        #expect(search.coverage.sampled == searches + 1 && search.coverage.joined == searches)
        #expect(
            search.components.contains { $0.component == "segcore" }
                && search.components.contains { $0.component == "proxy" })
        // The insert and query traces of the recording are not this run's: foreign, not requests.
        #expect(tracing.breakdowns.map { $0.operation } == ["search"])
        #expect(tracing.source == "trace file spans.jsonl" && tracing.receiver == nil)
    }

    @Test func aTraceStoresProblemsAndTheRunsFiguresAreKept() throws {
        var (record, searches) = run()
        record.tracing = TracingRecord(
            source: "receiver", clientService: "milvus-client", serverSampleFraction: 0.5, breakdowns: [],
            receiver: nil, clientSpansDropped: 7)
        let tracing = Reanalysis.correlate(
            record, traces: [:], problems: ["Jaeger answered 503"], source: "Jaeger at http://jaeger",
            clientService: "milvus-client")
        let search = try #require(tracing.breakdowns.first)
        #expect(search.coverage.joined == 0 && search.coverage.sampled == searches + 1)
        #expect(tracing.serverSampleFraction == 0.5 && tracing.clientSpansDropped == 7)
    }
}
