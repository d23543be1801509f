import Analysis
import Benchmark
import Foundation
import MilvusClient
import MilvusProto
import NullMilvus
import OTLPProto
import Report
import Results
import Scenario
import SwiftProtobuf
import Telemetry
import TraceContext
import Traces
import Workload

// The hot paths of traceload, each alone. Figures and targets: BENCHMARKS.md.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, .throughput],
        maxDuration: .seconds(5), maxIterations: 1_000
    )

    // Recording one finished request: histogram, timeline bucket, error-free path.
    Benchmark("record a latency", configuration: .init(scalingFactor: .mega)) { benchmark in
        var recorder = WorkerRecorder(phaseStart: 0, live: LiveTimeline())
        var latency: UInt64 = 1_000_000
        for i in benchmark.scaledIterations {
            latency = latency &* 6_364_136_223_846_793_005 &+ 1
            recorder.record(
                .search, latency: 200_000 + latency % 20_000_000, end: UInt64(i) &* 1_000, rows: 10, error: nil)
        }
        blackHole(recorder)
    }

    // The sampling decision every request takes, traced or not.
    Benchmark("sampling decision", configuration: .init(scalingFactor: .mega)) { benchmark in
        let threshold = SamplingThreshold(fraction: 0.1)
        var rng = Xoshiro256(seed: 7)
        var sampled = 0
        for _ in benchmark.scaledIterations where threshold.sample(rng.next()) { sampled += 1 }
        blackHole(sampled)
    }

    // A sampled request's client span: start (ids and traceparent built) and end (buffered),
    // exported in batches to an OTLP receiver in this process.
    Benchmark("client span start+end", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let tracer = await Fixtures.tracer()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let span = tracer.start(method: "Search")
            blackHole(span.traceparent)
            span.end(nil, 1_800_000_000_000_000_000, 1_000_000)
        }
    }

    // One search against a Milvus that answers at once (in-process, over loopback HTTP/2).
    Benchmark("search request, in-process null Milvus", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let peer = try await Fixtures.nullMilvus()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            _ = try await peer.client.search(peer.request)
        }
    }

    // Decoding an OTLP export (protobuf) into spans, per span: the receiver's work.
    Benchmark("OTLP decode, per span", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let (bytes, spansPerRequest) = try Fixtures.exportRequest()
        let rounds = max(1, benchmark.scaledIterations.count / spansPerRequest)
        benchmark.startMeasurement()
        for _ in 0..<rounds {
            let request = try Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest(serializedBytes: bytes)
            blackHole(Span.from(request))
        }
    }

    // Correlation (spans grouped into client traces) and attribution (critical path, components)
    // of 100,000 traced requests: the recorded Milvus traces, repeated under fresh trace ids.
    Benchmark(
        "correlate and attribute 100,000 traces", configuration: .init(maxDuration: .seconds(30), maxIterations: 5)
    ) { benchmark in
        let spans = try Fixtures.spans(traces: 100_000)
        benchmark.startMeasurement()
        let analysis = ClientTraffic.analyse(spans: spans, clientService: "milvus-client", map: .milvusDefaults)
        precondition(analysis.breakdowns.reduce(0) { $0 + $1.coverage.joined } == 100_000)
        blackHole(analysis)
    }

    // Every report file of a run of 1,000,000 requests over 60 seconds.
    Benchmark(
        "render the report of 1,000,000 requests", configuration: .init(maxDuration: .seconds(30), maxIterations: 10)
    ) { benchmark in
        let record = Fixtures.runRecord(requests: 1_000_000)
        let directory = NSTemporaryDirectory() + "traceload-bench-report-\(getpid())"
        benchmark.startMeasurement()
        _ = try RunReport.write(record, to: ReportWriter(directory: directory))
        benchmark.stopMeasurement()
        try? FileManager.default.removeItem(atPath: directory)
    }

    // Untraced requests must not cost memory as a run grows: the same phase, 10× longer.
    for requests in [20_000, 200_000] {
        Benchmark(
            "untraced phase of \(requests) requests, peak memory",
            configuration: .init(
                metrics: [.wallClock, .peakMemoryResident, .mallocCountTotal], maxDuration: .seconds(60),
                maxIterations: 3)
        ) { benchmark in
            let peer = try await Fixtures.nullMilvus()
            let phase = Phase(name: "p", length: .requests(requests), workers: 8, mix: [.search: 1])
            let runner = PhaseRunner(client: peer.client, tracer: nil, stop: StopSignal(), seed: 1)
            benchmark.startMeasurement()
            let result = await runner.run(
                phase, index: 0, factory: Fixtures.factory(), sampleFraction: 0, live: LiveTimeline())
            precondition(result.totalRequests == requests && result.totalErrors == 0)
        }
    }
}

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let collection = CollectionSpec(name: "bench", dim: 128)

    static func factory() -> RequestFactory {
        RequestFactory(collection: collection, dataset: DatasetSpec(), stream: 1)
    }

    /// The recorded Milvus 2.3.5 traces in which every server span belongs to a client trace.
    static func recordedSpans() throws -> [Span] {
        try OTLPJSON.readFile(
            root.appendingPathComponent("Tests/Fixtures/milvus-2.3.5/server-fraction-0-client-0.5.jsonl").path
        ).spans
    }

    static func spans(traces count: Int) throws -> [Span] {
        let byTrace = Dictionary(grouping: try recordedSpans(), by: \.traceID)
        let clientTraces = byTrace.values.filter { $0.contains { $0.service == "milvus-client" } }.sorted {
            $0[0].traceID < $1[0].traceID
        }
        var out: [Span] = []
        out.reserveCapacity(count * 8)
        for i in 0..<count {
            let id = TraceID(high: 0xbe0c_0000_0000_0000 | UInt64(i), low: UInt64(i) &* 0x9e37_79b9_7f4a_7c15 | 1)
            for var span in clientTraces[i % clientTraces.count] {
                span.traceID = id
                out.append(span)
            }
        }
        return out
    }

    /// The recorded spans as one OTLP/protobuf export request.
    static func exportRequest() throws -> (bytes: [UInt8], spans: Int) {
        let spans = try recordedSpans()
        var request = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest()
        for (service, group) in Dictionary(grouping: spans, by: \.service) {
            var resource = Opentelemetry_Proto_Trace_V1_ResourceSpans()
            var name = Opentelemetry_Proto_Common_V1_KeyValue()
            name.key = "service.name"
            name.value.stringValue = service
            resource.resource.attributes = [name]
            var scope = Opentelemetry_Proto_Trace_V1_ScopeSpans()
            scope.spans = group.map { span in
                var proto = Opentelemetry_Proto_Trace_V1_Span()
                proto.traceID = bytes(span.traceID.high) + bytes(span.traceID.low)
                proto.spanID = bytes(span.spanID)
                if let parent = span.parentSpanID { proto.parentSpanID = bytes(parent) }
                proto.name = span.name
                proto.startTimeUnixNano = span.startUnixNanos
                proto.endTimeUnixNano = span.endUnixNanos
                return proto
            }
            resource.scopeSpans = [scope]
            request.resourceSpans.append(resource)
        }
        return (try request.serializedBytes(), spans.count)
    }

    static func bytes(_ value: UInt64) -> Data { withUnsafeBytes(of: value.bigEndian) { Data($0) } }

    static func runRecord(requests: Int) -> RunRecord {
        var stats = OperationStats()
        var timeline: [TimelineBucket] = (0..<60).map { TimelineBucket(second: $0) }
        var x: UInt64 = 42
        for i in 0..<requests {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let nanos = 500_000 + (x >> 40) % 50_000_000
            Latency.record(nanos, into: &stats.histogram)
            Latency.record(nanos, into: &timeline[i * 60 / requests].histogram)
        }
        let phase = Phase(name: "search", length: .duration(seconds: 60), workers: 16, mix: [.search: 1])
        let result = PhaseResult(
            phase: phase, startUnixNanos: 1_700_000_000_000_000_000, elapsedSeconds: 60, operations: [.search: stats],
            timeline: timeline, sampled: [], sampleFraction: 0)
        let scenario = Scenario(
            name: "bench", milvus: .embedded(EmbeddedOptions()), collection: collection, dataset: DatasetSpec(),
            tracing: TracingSpec(enabled: false), phases: [phase])
        return RunRecord(
            tool: "traceload bench", scenario: scenario,
            environment: RunEnvironment(milvusVersion: "bench", milvusTarget: "none"),
            startedAt: Date(), finishedAt: Date(), partial: nil, phases: [PhaseRecord(result)], notes: [])
    }

    struct Peer: Sendable {
        let client: MilvusClient
        let request: Milvus_Proto_Milvus_SearchRequest
    }

    /// One null Milvus and a client connected to it, shared by every benchmark of the process.
    static func nullMilvus() async throws -> Peer { try await Shared.peer.value }

    /// One client-span exporter for the process; its spans go to an in-process receiver.
    static func tracer() async -> any RequestTracer { await Shared.tracer.value }

    enum Shared {
        static let peer = Task<Peer, Error> {
            let server = NullMilvusServer(port: 0)
            Task { try await server.run() }
            let port = try await server.boundPort()
            let client = try MilvusClient(endpoint: MilvusEndpoint(host: "127.0.0.1", port: port, connections: 4))

            var factory = Fixtures.factory()
            return Peer(client: client, request: factory.search(SearchSpec()))
        }

        static let tracer = Task<any RequestTracer, Never> {
            let collector = SpanCollector()
            let receiver = try! OTLPReceiver(collector: collector, port: 0)
            Task { try await receiver.run() }
            let port = try! await receiver.boundPort()
            let tracing = try! ClientTracing(serviceName: "bench", endpoint: "http://127.0.0.1:\(port)")
            Task { try await tracing.run() }
            return tracing.tracer()
        }
    }
}
