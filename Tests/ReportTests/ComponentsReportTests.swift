import Analysis
import Foundation
import Results
import TestFixtures
import Testing
import Traces

@testable import Report

/// The tracing part of a report, from the recorded search phase under load.
@Suite struct ComponentsReportTests {
    static let tracing: TracingRecord = {
        let spans = try! Fixtures.spans("milvus-2.3.5/search-under-load/spans.jsonl")
        let traffic = ClientTraffic.requests(in: spans, clientService: "milvus-client")
        return Correlation.record(traffic, source: "test", map: .milvusDefaults)
    }()

    @Test func coverageCSVCountsWhatIncompleteTracesLack() {
        let lines = ComponentsReport.coverageCSV(Self.tracing.breakdowns).split(separator: "\n")
        #expect(lines[0] == "phase,operation,sampled,joined,complete,missing")
        #expect(lines.contains("traffic,Search,270,270,111,SegCoreSearch:159"))
        #expect(lines.contains("traffic,Insert,1060,1060,1060,"))
    }

    @Test func componentsCSVHasUncoveredTimeForSpanComponentsOnly() throws {
        let lines = ComponentsReport.csv(Self.tracing.breakdowns).split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
        #expect(
            lines[0] == "phase,operation,component,requests,p50_ms,p90_ms,p99_ms,mean_ms,share_of_mean,uncovered_ms")
        let proxy = try #require(lines.first { $0.hasPrefix("traffic,Search,proxy,") }).split(
            separator: ",", omittingEmptySubsequences: false)
        let mean = try #require(Double(proxy[7]))
        let uncovered = try #require(Double(proxy[9]))
        #expect(uncovered > 0.9 * mean && uncovered <= mean)
        #expect(lines.first { $0.hasPrefix("traffic,Search,client+wire,") }?.hasSuffix(",") == true)
    }

    /// The top line leads with the waiting and the work, never with the component whose span
    /// holds the waiting ("proxy 83.1%" for 97 ms of untraced wait inside Proxy-Search-Execute).
    @Test func summaryNamesTheUntracedTimeAndTheIncompleteTraces() {
        let markdown = ComponentsReport.markdown(Self.tracing)
        #expect(markdown.contains("159 of 270 Search traces have no SegCoreSearch span; the other 111 do"))
        #expect(markdown.contains("**111 of 270 joined traces are complete**"))
        #expect(markdown.contains("Over the 111 complete traces alone:"))
        #expect(markdown.contains("Where no span looks"))
        let top = markdown.split(separator: "\n").first { $0.hasPrefix("**Mean") && $0.contains("Proxy-Search-Execute") }
        let first = top?.split(separator: ":** ").last?.split(separator: ";").first.map(String.init) ?? ""
        #expect(first.contains("ms waiting inside Proxy-Search-Execute, untraced"), "\(top ?? "no top line")")
        #expect(top?.contains("proxy 83") == false, "\(top ?? "")")
    }

    @Test func everyChartGivesAComponentTheSameColour() throws {
        var record = SampleRuns.run([SampleRuns.phaseResult(name: "p", latenciesMs: [1, 2, 3])])
        record.tracing = Self.tracing
        let html = try HTMLReport.render(record, rows: try LatencyRow.rows(of: record))
        // Legend entries: <span><i style="background:COLOUR"></i>NAME</span>, one legend per chart.
        let pattern = try Regex(#"<i style="background:(#[0-9a-f]{6})"></i>([^<]+)</span>"#)
        var colours: [String: Set<String>] = [:]
        for match in html.matches(of: pattern) {
            colours[String(match.output[2].substring!), default: []].insert(String(match.output[1].substring!))
        }
        let components = Set(Self.tracing.breakdowns.flatMap { $0.components.map(\.component) })
        colours = colours.filter { components.contains($0.key) }
        #expect(colours["proxy"] != nil && colours["segcore"] != nil)
        #expect(colours.values.allSatisfy { $0.count == 1 }, "\(colours)")
        #expect(Set(colours.values.map { $0.first! }).count == colours.count)
        #expect(html.contains("url(#untraced-proxy)"))
    }
}
