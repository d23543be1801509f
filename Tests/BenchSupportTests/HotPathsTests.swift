import Foundation
import Testing

import BenchSupport

/// Every hot path the benchmarks in bench/ measure runs and does its work, so that `make bench`
/// cannot rot unnoticed: the benchmarks package is built apart from `make test`.
@Suite struct HotPathsTests {
    @Test func recordingAndSamplingCountWhatTheyDid() {
        #expect(HotPaths.recordLatencies(1_000) == 1_000)
        let sampled = HotPaths.samplingDecisions(100_000)
        #expect(sampled > 9_000 && sampled < 11_000)
    }

    @Test func clientSpansAndNullMilvusSearches() async throws {
        let spans = try await HotPaths.ClientSpans.start()
        #expect(spans.run(10) == 10 * 55)
        let search = try await HotPaths.NullMilvusSearch.start()
        try await search.run(10)
        #expect(await search.untracedPhase(requests: 200) == 200)
    }

    @Test func decodingAttributionAndReport() throws {
        let decode = try HotPaths.OTLPDecode()
        #expect(try decode.run(rounds: 2) == 2 * decode.spansPerRequest)
        #expect(try HotPaths.Attribution(traces: 500).run() == 500)
        let directory = NSTemporaryDirectory() + "traceload-hotpaths-\(UUID())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try HotPaths.ReportRendering(requests: 10_000).run(in: directory)
        #expect(FileManager.default.fileExists(atPath: directory + "/latency.csv"))
    }
}
