import Analysis
import Foundation
import MilvusClient
import MilvusProto
import NullMilvus
import Report
import Results
import Scenario
import SwiftProtobuf
import Telemetry
import TraceContext
import Traces
import Workload

/// traceload's hot paths, each set up apart from its measured part, for the micro-benchmarks
/// in bench/ (a package of their own, so that `make test` never builds their framework): the
/// one public surface of traceload's modules, and only what the benchmarks call. Figures and
/// targets: BENCHMARKS.md.
public enum HotPaths {
    /// Records `count` finished requests (histogram and timeline bucket, the error-free path).
    public static func recordLatencies(_ count: Int) -> Int {
        var recorder = WorkerRecorder(phaseStart: 0, live: LiveTimeline())
        var latency: UInt64 = 1_000_000
        for i in 0..<count {
            latency = latency &* 6_364_136_223_846_793_005 &+ 1
            recorder.record(
                .search, latency: 200_000 + latency % 20_000_000, end: UInt64(i) &* 1_000, rows: 10, error: nil)
        }
        return Int(recorder.operations[.search]?.histogram.totalCount ?? 0)
    }

    /// `count` sampling decisions at a fraction of 0.1, as every request takes one; returns how
    /// many were sampled.
    public static func samplingDecisions(_ count: Int) -> Int {
        let threshold = SamplingThreshold(fraction: 0.1)
        var rng = Xoshiro256(seed: 7)
        var sampled = 0
        for _ in 0..<count where threshold.sample(rng.next()) { sampled += 1 }
        return sampled
    }

    /// A client-span exporter whose spans go to an OTLP receiver in this process.
    public struct ClientSpans: Sendable {
        let tracer: any RequestTracer

        public static func start() async throws -> ClientSpans {
            let receiver = try OTLPReceiver(collector: SpanCollector(), port: 0)
            Task { try await receiver.run() }
            let port = try await receiver.boundPort()
            let tracing = try ClientTracing(serviceName: "bench", endpoint: "http://127.0.0.1:\(port)")
            Task { try await tracing.run() }
            return ClientSpans(tracer: tracing.tracer())
        }

        /// `count` sampled requests' spans: started (ids and traceparent built) and ended (buffered).
        public func run(_ count: Int) -> Int {
            var length = 0
            for _ in 0..<count {
                let span = tracer.start(method: "Search")
                length &+= span.traceparent.utf8.count
                span.end(nil, 1_800_000_000_000_000_000, 1_000_000)
            }
            return length
        }
    }

    /// A null Milvus in this process and a client connected to it over loopback HTTP/2.
    public struct NullMilvusSearch: Sendable {
        let client: MilvusClient
        let request: Milvus_Proto_Milvus_SearchRequest

        public static func start() async throws -> NullMilvusSearch {
            let server = NullMilvusServer(port: 0)
            Task { try await server.run() }
            let port = try await server.boundPort()
            let client = try MilvusClient(endpoint: MilvusEndpoint(host: "127.0.0.1", port: port, connections: 4))
            var factory = Fixtures.factory()
            return NullMilvusSearch(client: client, request: factory.search(SearchSpec()))
        }

        /// `count` searches, one after the other.
        public func run(_ count: Int) async throws {
            for _ in 0..<count { try await client.search(request) }
        }

        /// A closed-loop phase of `requests` untraced searches with 8 workers.
        public func untracedPhase(requests: Int) async -> Int {
            let phase = Phase(name: "p", length: .requests(requests), workers: 8, mix: [.search: 1])
            let runner = PhaseRunner(client: client, tracer: nil, stop: StopSignal(), seed: 1)
            let result = await runner.run(
                phase, index: 0, factory: Fixtures.factory(), sampleFraction: 0, live: LiveTimeline())
            precondition(result.totalRequests == requests && result.totalErrors == 0)
            return result.totalRequests
        }
    }

    /// The recorded Milvus spans as one OTLP/protobuf export request, decoded as the receiver decodes it
    /// (straight from the bytes, names interned by the receiver's table).
    public struct OTLPDecode: Sendable {
        let bytes: [UInt8]
        let strings = SharedStrings()
        public let spansPerRequest: Int

        public init() throws {
            (bytes, spansPerRequest) = try Fixtures.exportRequest()
        }

        public func run(rounds: Int) throws -> Int {
            var spans = 0
            for _ in 0..<rounds {
                spans += try OTLPSpanDecoder.decode(bytes, strings: strings).spans.count
            }
            return spans
        }
    }

    /// Correlation (spans grouped into client traces) and attribution (critical path, components)
    /// of the recorded Milvus traces, repeated under fresh trace ids.
    public struct Attribution: Sendable {
        let spans: [Span]
        let traces: Int

        public init(traces: Int) throws {
            self.traces = traces
            spans = try Fixtures.spans(traces: traces)
        }

        public func run() -> Int {
            let traffic = ClientTraffic.requests(in: spans, clientService: "milvus-client")
            let record = Correlation.record(traffic, source: "bench", map: .milvusDefaults)
            let joined = record.breakdowns.reduce(0) { $0 + $1.coverage.joined }
            precondition(joined == traces)
            return joined
        }
    }

    /// Every report file of a run of `requests` requests over 60 seconds.
    public struct ReportRendering: Sendable {
        let record: RunRecord

        public init(requests: Int) {
            record = Fixtures.runRecord(requests: requests)
        }

        public func run(in directory: String) throws {
            _ = try RunReport.write(record, to: ReportWriter(directory: directory))
        }
    }
}
