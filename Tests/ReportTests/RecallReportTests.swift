import Foundation
import Results
import Scenario
import TestFixtures
import Testing

@testable import Report

/// Recall in the report files, the thresholds and merged runs.
@Suite struct RecallReportTests {
    /// A run whose searches were checked: `hits` true neighbours of `expected` over `searches`.
    func run(hits: Int, expected: Int, searches: Int, host: String = "load-1") throws -> RunRecord {
        var result = SampleRuns.phaseResult(name: "p", latenciesMs: (1...50).map(Double.init))
        result.operations[.search]?.recallChecked = searches
        result.operations[.search]?.recallHits = hits
        result.operations[.search]?.recallExpected = expected
        var record = SampleRuns.run([result])
        record.environment.hostname = host
        record.scenario.thresholds = [ThresholdRecord(try Threshold.parse(key: "search.recall", condition: ">= 0.95").get())]
        return record
    }

    @Test func recallIsAColumnOfTheLatencyTableAndGatesTheRun() throws {
        let record = try run(hits: 485, expected: 500, searches: 50)
        let rows = try LatencyRow.rows(of: record)
        let csv = CSVFiles.latency(rows).split(separator: "\n")
        #expect(csv[0].hasSuffix(",batch_size,recall") && csv[1].hasSuffix(",0.9700"), "\(csv)")
        #expect(SummaryMarkdown.latencyTable(rows).contains("| 0.9700 (50 searches) |"))
        #expect(try HTMLReport.render(record, rows: rows).contains("<th>recall@k</th>"))
        let outcome = try #require(try ThresholdReport.evaluate(record).first)
        #expect(outcome.passed && outcome.actual == 0.97)
        let collapsed = try run(hits: 3, expected: 500, searches: 50)
        #expect(try ThresholdReport.evaluate(collapsed).first?.passed == false)
    }

    /// Without recall the tables keep their shape: no column in the Markdown and HTML, an empty cell in the CSV.
    @Test func runsWithoutRecallShowNone() throws {
        let rows = try LatencyRow.rows(of: SampleRuns.run([SampleRuns.phaseResult(name: "p", latenciesMs: [1, 2])]))
        #expect(!SummaryMarkdown.latencyTable(rows).contains("recall"))
        #expect(CSVFiles.latency(rows).split(separator: "\n")[1].hasSuffix(","))
    }

    /// Counts add up, so the merged recall is the recall over every checked search.
    @Test func mergedRunsAddTheirCounts() throws {
        let merged = try RunMerge.merge([
            try run(hits: 90, expected: 100, searches: 10),
            try run(hits: 300, expected: 300, searches: 30, host: "load-2"),
        ])
        let recall = try #require(merged.phases[0].operations.first?.recall)
        #expect(recall == RecallRecord(searches: 40, hits: 390, expected: 400) && recall.recall == 0.975)
    }
}
