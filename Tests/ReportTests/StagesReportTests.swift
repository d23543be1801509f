import Foundation
import Results
import Scenario
import ServerMetrics
import TestFixtures
import Testing

@testable import Report

/// Stage rows of the recorded search phase under load, in a run's report.
@Suite struct StagesReportTests {
    static func record() -> RunRecord {
        func page(_ name: String) -> MetricsSnapshot {
            MetricsSnapshot(
                text: try! String(
                    contentsOfFile: Fixtures.path("milvus-2.3.5/search-under-load/\(name)"), encoding: .utf8))
        }
        var run = SampleRuns.run([SampleRuns.phaseResult(name: "search", latenciesMs: [100, 120, 140])])
        let before = page("metrics-before.txt")
        let after = page("metrics-after.txt")
        let start = run.phases[0].startedAt
        run.phases[0].server = PhaseServerMetrics(
            stages: StageDeltas.rows(phase: "search", before: before, after: after),
            timeline: ServerSample.timeline(
                [before, after].enumerated().map { i, snapshot in
                    var snapshot = snapshot
                    snapshot.time = start.addingTimeInterval(Double(i) * 10)
                    return snapshot
                }, start: start, seconds: 10))
        run.metricsSource = "http://127.0.0.1:9091/metrics"
        return run
    }

    @Test func stagesCSVHasTheIssuesColumnsAndExactMeans() throws {
        let lines = StagesReport.csv(Self.record()).split(separator: "\n").map(String.init)
        #expect(lines[0] == "phase,stage,labels,count,mean_ms,p50_ms,p90_ms,p99_ms,metric")
        #expect(
            lines.contains(
                "search,querynode.queue,query_type=search,2624,36.781,28.591,90.113,174.080,milvus_querynode_sq_queue_latency"
            ))
        // Group sizes are a count, not a latency: run.json and summary.md only.
        #expect(!lines.contains { $0.contains("search_group_size") })
    }

    @Test func timelineCSVHasACPUColumnPerSecond() throws {
        let lines = StagesReport.timelineCSV(Self.record()).split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("phase,second,cpu_cores,rss_mib,read_tasks_ready"))
        #expect(lines.count == 11)
        // 40.22 − CPU seconds at the start, over the 10 s between the two pages.
        let cpu = try #require(Double(lines[1].split(separator: ",", omittingEmptySubsequences: false)[2]))
        #expect(cpu > 0)
    }

    @Test func stageThresholdsPassFailAndSayWhenThereIsNoData() throws {
        var run = Self.record()
        run.scenario.thresholds = try [
            ("search.stage.querynode.queue.mean_ms", "< 20"), ("search.stage.querynode.queue.count", ">= 2624"),
            ("search.stage.proxy.wait_result.p99_ms", "< 1000"), ("query.stage.querynode.queue.mean_ms", "< 20"),
        ].map { ThresholdRecord(try Threshold.parse(key: $0.0, condition: $0.1).get()) }
        let outcomes = Dictionary(uniqueKeysWithValues: try ThresholdReport.evaluate(run).map { ($0.key, $0) })
        #expect(outcomes["search.stage.querynode.queue.mean_ms"]?.passed == false)
        #expect(abs((outcomes["search.stage.querynode.queue.mean_ms"]?.actual ?? 0) - 36.78125) < 1e-9)
        #expect(outcomes["search.stage.querynode.queue.count"]?.passed == true)
        #expect(outcomes["search.stage.proxy.wait_result.p99_ms"]?.passed == true)
        #expect(outcomes["search.stage.proxy.wait_result.p99_ms"]?.note.contains("estimated") == true)
        #expect(
            outcomes["query.stage.querynode.queue.mean_ms"]?.passed == false
                && outcomes["query.stage.querynode.queue.mean_ms"]?.actual == nil)
        #expect(throws: ThresholdError.self) {
            ThresholdRecord(try Threshold.parse(key: "search.stage.querynode.queue.median", condition: "< 1").get())
        }
    }

    @Test func theSummarySetsTheStagesBesideTheComponentsAndTheHTMLAddsAServerChart() throws {
        let run = Self.record()
        let section = StagesReport.section(run, shown: [])
        #expect(
            section.contains("## What Milvus measured")
                && section.contains("| querynode.queue | query_type=search | 2624 | 36.781 ms |"))
        let html = try HTMLReport.render(run, rows: try LatencyRow.rows(of: run))
        #expect(html.contains("Milvus CPU (cores)"))
    }
}
