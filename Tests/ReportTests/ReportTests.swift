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

@Suite struct ThresholdsDiffMergeTests {
    let helper = ReportTests()

    func run(_ latencies: [Double], errors: Int = 0, thresholds: [String: String] = [:]) throws -> RunRecord {
        var record = helper.run([helper.phaseResult(name: "p", latenciesMs: latencies, errors: errors)])
        record.scenario.thresholds = try thresholds.map { try Threshold.parse(key: $0.key, condition: $0.value).get() }
        return record
    }

    @Test func thresholdsPassAndFailWithJUnit() throws {
        let record = try run((1...100).map(Double.init), errors: 2,
                             thresholds: ["search.p99_ms": "< 150", "search.p50_ms": "< 10", "search.errors": "< 1%", "search.component.proxy.p99_ms": "< 1"])
        let outcomes = try ThresholdReport.evaluate(record)
        let byKey = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.key, $0) })
        #expect(byKey["search.p99_ms"]?.passed == true)
        #expect(byKey["search.p50_ms"]?.passed == false)
        #expect(byKey["search.errors"]?.passed == false && abs((byKey["search.errors"]?.actual ?? 0) - 2 / 1.02) < 0.01)
        #expect(byKey["search.component.proxy.p99_ms"]?.passed == false && byKey["search.component.proxy.p99_ms"]?.actual == nil)
        let xml = ThresholdReport.junit(outcomes, scenario: "t", seconds: 20)
        #expect(xml.contains("tests=\"4\" failures=\"3\""))
        #expect(xml.contains("<failure message=\"search.p50_ms is 50.0"))
        #expect(xml.contains("&lt; 10"))
    }

    /// Two machines that ran at the same time (same phase window, different hosts).
    func machines(_ a: [Double], _ b: [Double]) throws -> (RunRecord, RunRecord) {
        var first = try run(a), second = try run(b)
        first.environment.hostname = "load-1"
        second.environment.hostname = "load-2"
        return (first, second)
    }

    @Test func mergeEqualsMergedHistograms() throws {
        let (a, b) = try machines([1, 2, 3, 4], [10, 20, 30, 40, 50])
        let merged = try RunMerge.merge([a, b])
        let row = try #require(LatencyRow.rows(of: merged).first)
        var histogram = try a.phases[0].operations[0].histogram.decode()
        histogram.add(try b.phases[0].operations[0].histogram.decode())
        #expect(row.requests == 9)
        #expect(row.latency == LatencySummary(histogram))
        #expect(merged.phases[0].workers == 4)
    }

    /// `merge A A` doubled every count; two runs made one after the other were added up as if
    /// they had run together.
    @Test func mergeRefusesTheSameRunTwiceAndRunsThatDidNotOverlap() throws {
        let (a, b) = try machines([1, 2, 3, 4], [10, 20, 30, 40, 50])
        #expect(throws: ReportError.self) { try RunMerge.merge([a, a]) }
        var later = b
        later.startedAt = later.startedAt.addingTimeInterval(3600)
        later.finishedAt = later.finishedAt.addingTimeInterval(3600)
        later.phases[0].startedAt = later.phases[0].startedAt.addingTimeInterval(3600)
        do {
            _ = try RunMerge.merge([a, later])
            Issue.record("runs an hour apart were merged as concurrent")
        } catch let error as ReportError {
            #expect("\(error)".contains("--sequential"))
        }
        // Sequential: one phase as long as both, throughput over the total time, not added up.
        let sequential = try RunMerge.merge([a, later], sequential: true)
        let row = try #require(LatencyRow.rows(of: sequential).first)
        #expect(row.requests == 9 && sequential.phases[0].elapsedSeconds == 20 && sequential.phases[0].workers == 2)
        #expect(abs(row.throughputPerSecond - 9.0 / 20) < 1e-9)
    }

    @Test func diffRefusesDifferentScenariosAndIgnoresNoise() throws {
        let base = try run((1...100).map(Double.init))
        var other = base
        other.scenario.name = "another"
        #expect(throws: ReportError.self) { try RunDiff.compare(base: base, new: other) }
        // A component of 0.007 ms that became 0.026 ms is +271%, and noise.
        let row = RunDiff.Row(phase: "p", operation: "search", component: "querynode", metric: "p50_ms", base: 0.007, new: 0.026, higherIsWorse: true)
        #expect(row.regressionPercent > 200)
        #expect(!row.isRegression(percent: 10, floorMs: 0.1) && row.isRegression(percent: 10, floorMs: 0))
        let markdown = RunDiff.markdown([row], baseName: "a", newName: "b", tolerance: 10, floorMs: 0.1)
        #expect(markdown.contains("No metric got worse") && !markdown.contains("⚠️"))
    }

    /// A CI job gated on p99 alone went green when every search failed ("actual 0.000").
    @Test func aLatencyThresholdWithoutASuccessfulRequestFailsForLackOfData() throws {
        let record = try run([], errors: 8312, thresholds: ["search.p99_ms": "< 50", "search.errors": "< 100"])
        let outcomes = Dictionary(uniqueKeysWithValues: try ThresholdReport.evaluate(record).map { ($0.key, $0) })
        let p99 = try #require(outcomes["search.p99_ms"])
        #expect(!p99.passed && p99.actual == nil && p99.note.contains("no data") && p99.note.contains("8312"))
        #expect(outcomes["search.errors"]?.actual == 8312)
        // Empty, not zero: latency.csv and summary.md show no latency for it.
        let csv = CSVFiles.latency(try LatencyRow.rows(of: record)).split(separator: "\n")[1]
        #expect(csv.hasPrefix("p,search,8312,8312,0.00,,,,,,,"), "\(csv)")
        #expect(SummaryMarkdown.latencyTable(try LatencyRow.rows(of: record)).contains("no successful request"))
    }

    @Test func diffFlagsRegressions() throws {
        let base = try run((1...100).map(Double.init)), worse = try run((1...100).map { Double($0) * 1.5 })
        let rows = try RunDiff.compare(base: base, new: worse)
        let p99 = try #require(rows.first { $0.metric == "p99_ms" })
        #expect(abs((p99.changePercent ?? 0) - 50) < 1)
        #expect(p99.regressionPercent > 10)
        let markdown = RunDiff.markdown(rows, baseName: "a", newName: "b", tolerance: 10)
        #expect(markdown.contains("⚠️ worse") && markdown.contains("| p | search | p99_ms |"))
        #expect(try RunDiff.compare(base: base, new: base).allSatisfy { $0.regressionPercent == 0 })
    }

    /// Ctrl-C at 21.5 s into a 300 s phase at 200/s: the requests after the stop were reported as
    /// "not sent: Milvus fell behind the rate".
    @Test func requestsAfterAStopAreNotBlamedOnMilvus() throws {
        var result = helper.phaseResult(name: "open", latenciesMs: Array(repeating: 2, count: 4290))
        result.phase.rate = ArrivalRate(start: 200, end: 200)
        result.phase.length = .duration(seconds: 300)
        result.stoppedEarly = "interrupted (SIGINT)"
        result.stoppedAfterSeconds = 21.5
        // 4,300 were due by the stop; 4,290 were sent: 10 behind, 55,700 never due.
        #expect(result.unsent == 10 && result.unsentAfterStop == 55_700)
        let record = PhaseRecord(result)
        var run = helper.run([result])
        run.phases = [record]
        let markdown = SummaryMarkdown.render(run, rows: try LatencyRow.rows(of: run))
        #expect(markdown.contains("**10 scheduled requests not sent**: Milvus fell behind the rate"))
        #expect(markdown.contains("55700 scheduled requests not sent because the run stopped at 21.5 s"))
    }
}

@Suite struct HTMLReportTests {
    @Test func pageIsSelfContainedWithItsCharts() throws {
        let helper = ReportTests()
        let record = helper.run([helper.phaseResult(name: "p", latenciesMs: (1...1000).map { Double($0) / 10 })])
        let html = try HTMLReport.render(record, rows: try LatencyRow.rows(of: record))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script") && !html.contains("src=\"http") && !html.contains("href=\"http"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 3)  // percentiles, throughput, p99 (no tracing here)
        #expect(html.contains(">99.9%<") && html.contains("latency (ms)") && html.contains("p / search"))
    }
}
