import Foundation
import Results
import Scenario
import TestFixtures
import Testing

@testable import Report
@testable import Workload

@Suite struct ReportTests {
    @Test func latencyCSVHasTheFixedLeadingColumnsAndOrderedPercentiles() throws {
        let record = SampleRuns.run([
            SampleRuns.phaseResult(name: "p", latenciesMs: (1...100).map(Double.init), errors: 3)
        ])
        let csv = CSVFiles.latency(try LatencyRow.rows(of: record))
        let lines = csv.split(separator: "\n")
        #expect(
            lines[0].hasPrefix(
                "phase,operation,requests,errors,throughput_per_s,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,mean_ms"))
        let cells = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(cells[0] == "p" && cells[1] == "search" && cells[2] == "103" && cells[3] == "3")
        #expect(cells[4] == "10.00")
        let percentiles = cells[5...9].compactMap(Double.init)
        #expect(percentiles == percentiles.sorted())
        #expect(abs(percentiles[0] - 50) < 0.1)
        #expect(abs(percentiles[4] - 100) < 0.1)
    }

    @Test func timelineShowsSilentSecondsAsZeros() {
        let points = [
            TimelinePoint(second: 0, requests: 5, errors: 0, p50Ms: 1, p99Ms: 2),
            TimelinePoint(second: 3, requests: 5, errors: 1, p50Ms: 1, p99Ms: 2),
        ]
        let filled = CSVFiles.fillGaps(points, elapsed: 5)
        #expect(filled.map(\.second) == [0, 1, 2, 3, 4])
        #expect(filled[1].requests == 0 && filled[2].requests == 0)
    }

    @Test func everyRowOfTheTimelineFollowsOneRuleForItsRate() throws {
        var record = try SampleRuns.run((1...100).map(Double.init))
        // A phase of 3.06 s: whole seconds are counts, the last 0.06 s a sliver (no rate); one of
        // 2.5 s: its last half second is 40 successes over 0.5 s, 80/s.
        func points(_ counts: [Int]) -> [TimelinePoint] {
            counts.enumerated().map { TimelinePoint(second: $0.offset, requests: $0.element, errors: 1, p50Ms: 1, p99Ms: 2) }
        }
        var long = record.phases[0]
        long.name = "long"
        long.elapsedSeconds = 3.06
        long.timeline = points([101, 101, 101, 255])
        var short = record.phases[0]
        short.name = "short"
        short.elapsedSeconds = 2.5
        short.timeline = points([101, 101, 41])
        record.phases = [long, short]
        let rows = CSVFiles.timeline(record).split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(rows.map { $0[4] } == ["100.0", "100.0", "100.0", "", "100.0", "100.0", "80.0"])
        #expect(rows.map { $0[7] } == ["1.00", "1.00", "1.00", "0.06", "1.00", "1.00", "0.50"])
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

@Suite struct ThresholdsDiffTests {
    func run(_ latencies: [Double], errors: Int = 0, thresholds: [String: String] = [:]) throws -> RunRecord {
        try SampleRuns.run(latencies, errors: errors, thresholds: thresholds)
    }

    @Test func thresholdsPassAndFailWithJUnit() throws {
        let record = try run(
            (1...100).map(Double.init), errors: 2,
            thresholds: [
                "search.p99_ms": "< 150", "search.p50_ms": "< 10", "search.errors": "< 1%",
                "search.component.proxy.p99_ms": "< 1",
            ])
        let outcomes = try ThresholdReport.evaluate(record)
        let byKey = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.key, $0) })
        #expect(byKey["search.p99_ms"]?.passed == true)
        #expect(byKey["search.p50_ms"]?.passed == false)
        #expect(byKey["search.errors"]?.passed == false && abs((byKey["search.errors"]?.actual ?? 0) - 2 / 1.02) < 0.01)
        #expect(
            byKey["search.component.proxy.p99_ms"]?.passed == false
                && byKey["search.component.proxy.p99_ms"]?.actual == nil)
        let xml = ThresholdReport.junit(outcomes, scenario: "t", seconds: 20)
        #expect(xml.contains("tests=\"4\" failures=\"3\""))
        #expect(xml.contains("<failure message=\"search.p50_ms is 50.0"))
        #expect(xml.contains("&lt; 10"))
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

    /// Ctrl-C at 21.5 s into a 300 s phase at 200/s: the requests after the stop were reported as
    /// "not sent: Milvus fell behind the rate".
    @Test func requestsAfterAStopAreNotBlamedOnMilvus() throws {
        var result = SampleRuns.phaseResult(name: "open", latenciesMs: Array(repeating: 2, count: 4290))
        result.phase.rate = ArrivalRate(start: 200, end: 200)
        result.phase.length = .duration(seconds: 300)
        result.stoppedEarly = .interrupted(signal: "SIGINT")
        result.stoppedAfterSeconds = 21.5
        // 4,300 were due by the stop; 4,290 were sent: 10 behind, 55,700 never due.
        #expect(result.unsent == 10 && result.unsentAfterStop == 55_700)
        let record = PhaseRecord(result)
        var run = SampleRuns.run([result])
        run.phases = [record]
        let markdown = SummaryMarkdown.render(run, rows: try LatencyRow.rows(of: run))
        #expect(markdown.contains("**10 scheduled requests not sent**: Milvus fell behind the rate"))
        #expect(markdown.contains("55700 scheduled requests not sent because the run stopped at 21.5 s"))
    }
}

@Suite struct HTMLReportTests {
    @Test func pageIsSelfContainedWithItsCharts() throws {
        let record = SampleRuns.run([SampleRuns.phaseResult(name: "p", latenciesMs: (1...1000).map { Double($0) / 10 })]
        )
        let html = try HTMLReport.render(record, rows: try LatencyRow.rows(of: record))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script") && !html.contains("src=\"http") && !html.contains("href=\"http"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 3)  // percentiles, throughput, p99 (no tracing here)
        #expect(html.contains(">99.9%<") && html.contains("latency (ms)") && html.contains("p / search"))
    }
}
