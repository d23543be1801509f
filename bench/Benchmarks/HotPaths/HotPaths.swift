import Benchmark
import BenchSupport
import Foundation

// The hot paths of traceload, each alone (set up by BenchSupport, measured here). Figures and
// targets: BENCHMARKS.md.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, .throughput],
        maxDuration: .seconds(5), maxIterations: 1_000
    )

    // Recording one finished request: histogram, timeline bucket, error-free path.
    Benchmark("record a latency", configuration: .init(scalingFactor: .mega)) { benchmark in
        blackHole(HotPaths.recordLatencies(benchmark.scaledIterations.count))
    }

    // The sampling decision every request takes, traced or not.
    Benchmark("sampling decision", configuration: .init(scalingFactor: .mega)) { benchmark in
        blackHole(HotPaths.samplingDecisions(benchmark.scaledIterations.count))
    }

    // A sampled request's client span: start (ids and traceparent built) and end (buffered),
    // exported in batches to an OTLP receiver in this process.
    Benchmark("client span start+end", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let spans = try await Shared.spans.value
        benchmark.startMeasurement()
        blackHole(spans.run(benchmark.scaledIterations.count))
    }

    // One search against a Milvus that answers at once (in-process, over loopback HTTP/2).
    Benchmark("search request, in-process null Milvus", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let peer = try await Shared.peer.value
        benchmark.startMeasurement()
        try await peer.run(benchmark.scaledIterations.count)
    }

    // Decoding an OTLP export (protobuf) into spans, per span: the receiver's work.
    Benchmark("OTLP decode, per span", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let decode = try HotPaths.OTLPDecode()
        let rounds = max(1, benchmark.scaledIterations.count / decode.spansPerRequest)
        benchmark.startMeasurement()
        blackHole(try decode.run(rounds: rounds))
    }

    // Correlation (spans grouped into client traces) and attribution (critical path, components)
    // of 100,000 traced requests: the recorded Milvus traces, repeated under fresh trace ids.
    Benchmark(
        "correlate and attribute 100,000 traces", configuration: .init(maxDuration: .seconds(30), maxIterations: 5)
    ) { benchmark in
        let attribution = try HotPaths.Attribution(traces: 100_000)
        benchmark.startMeasurement()
        blackHole(attribution.run())
    }

    // Every report file of a run of 1,000,000 requests over 60 seconds.
    Benchmark(
        "render the report of 1,000,000 requests", configuration: .init(maxDuration: .seconds(30), maxIterations: 10)
    ) { benchmark in
        let rendering = HotPaths.ReportRendering(requests: 1_000_000)
        let directory = NSTemporaryDirectory() + "traceload-bench-report-\(getpid())"
        benchmark.startMeasurement()
        try rendering.run(in: directory)
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
            let peer = try await Shared.peer.value
            benchmark.startMeasurement()
            blackHole(await peer.untracedPhase(requests: requests))
        }
    }
}

/// One null Milvus and one client-span exporter for the whole process.
enum Shared {
    static let peer = Task { try await HotPaths.NullMilvusSearch.start() }
    static let spans = Task { try await HotPaths.ClientSpans.start() }
}
