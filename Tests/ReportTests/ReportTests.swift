import Foundation
import Scenario
import Testing
@testable import Report
@testable import Workload

@Suite struct ReportTests {
    func phaseResult(name: String, latenciesMs: [Double], errors: Int = 0) -> PhaseResult {
        var stats = OperationStats()
        for ms in latenciesMs { Latency.record(UInt64(ms * 1e6), into: &stats.histogram) }
        if errors > 0 { stats.errors = ["unavailable": errors] }
        let phase = Phase(name: name, length: .duration(seconds: 10), workers: 2, mix: [.search: 1])
        return PhaseResult(phase: phase, startUnixNanos: 1_700_000_000_000_000_000, elapsedSeconds: 10, operations: [.search: stats],
                           timeline: [], sampled: [], sampleFraction: 0.1)
    }

    func run(_ phases: [PhaseResult]) -> RunRecord {
        let scenario = Scenario(name: "t", milvus: .embedded(EmbeddedOptions()), collection: CollectionSpec(name: "c", dim: 8),
                                dataset: DatasetSpec(), tracing: TracingSpec(), phases: phases.map(\.phase))
        return RunRecord(tool: "test", scenario: scenario, environment: RunEnvironment(milvusVersion: "v", milvusTarget: "x"),
                         startedAt: Date(timeIntervalSince1970: 0), finishedAt: Date(timeIntervalSince1970: 20), partial: nil,
                         phases: phases.map(PhaseRecord.init))
    }

    @Test func latencyCSVHasTheFixedLeadingColumnsAndOrderedPercentiles() throws {
        let record = run([phaseResult(name: "p", latenciesMs: (1...100).map(Double.init), errors: 3)])
        let csv = CSVFiles.latency(try LatencyRow.rows(of: record))
        let lines = csv.split(separator: "\n")
        #expect(lines[0].hasPrefix("phase,operation,requests,errors,throughput_per_s,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,mean_ms"))
        let cells = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(cells[0] == "p" && cells[1] == "search" && cells[2] == "103" && cells[3] == "3")
        #expect(cells[4] == "10.00")
        let percentiles = cells[5...9].compactMap(Double.init)
        #expect(percentiles == percentiles.sorted())
        #expect(abs(percentiles[0] - 50) < 0.1)
        #expect(abs(percentiles[4] - 100) < 0.1)
    }

    @Test func runJSONRoundTripsAndHistogramsMerge() throws {
        let record = run([phaseResult(name: "a", latenciesMs: [1, 2, 3]), phaseResult(name: "b", latenciesMs: [10, 20, 30])])
        let decoded = try JSONDecoder.iso8601.decode(RunRecord.self, from: try record.jsonData())
        let a = try decoded.phases[0].operations[0].histogram.decode()
        var merged = a
        merged.add(try decoded.phases[1].operations[0].histogram.decode())
        #expect(merged.totalCount == 6)
        #expect(abs(LatencySummary(merged).max - 30) < 0.05)
        #expect(decoded.scenario == record.scenario)
    }

    @Test func timelineShowsSilentSecondsAsZeros() {
        let points = [TimelinePoint(second: 0, requests: 5, errors: 0, p50Ms: 1, p99Ms: 2),
                      TimelinePoint(second: 3, requests: 5, errors: 1, p50Ms: 1, p99Ms: 2)]
        let filled = CSVFiles.fillGaps(points, elapsed: 5)
        #expect(filled.map(\.second) == [0, 1, 2, 3, 4])
        #expect(filled[1].requests == 0 && filled[2].requests == 0)
    }

    @Test func writerReplacesFilesWhole() throws {
        let dir = NSTemporaryDirectory() + "traceload-writer-\(UUID().uuidString)"
        let writer = try ReportWriter(directory: dir)
        try writer.write("a.csv", "one\n")
        try writer.write("a.csv", "two\n")
        #expect(try String(contentsOfFile: writer.path("a.csv"), encoding: .utf8) == "two\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["a.csv"])
    }
}

extension JSONDecoder {
    static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
