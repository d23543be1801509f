import Comparison
import Foundation
import Results
import Scenario
import Testing

@testable import Report

@Suite struct ComparisonReportTests {
    static let summary: ComparisonSummary = {
        func round(_ n: Int, _ cpu: Double, _ p50: Double) -> RoundRecord {
            RoundRecord(
                round: n, startedAt: 0, seconds: 10,
                values: [.clientCPU: cpu, FigureKey(.search, .p50): p50, FigureKey(.search, .p99): p50 * 3],
                samples: [FigureKey(.search, .p50): 300, FigureKey(.search, .p99): 300])
        }
        return ComparisonSummary(
            scenario: "quick", baseline: "off", order: ["off", "client-1"],
            settings: ["client-1": ["tracing.sampleFraction=1"]], ownServer: [],
            rounds: [
                "off": (1...5).map { round($0, 1.0, 2.0) },
                "client-1": (1...5).map { round($0, 1.2 + Double($0) * 0.001, 2.1 + Double($0 % 2) * 0.01) },
            ], headlines: [.clientCPU], precision: 2, stopReason: "the 5 rounds asked for are done",
            aa: nil)
    }()

    @Test func theCSVHasOneRowPerVariantAndFigureWithItsVerdict() throws {
        let lines = ComparisonReport.csv(Self.summary).split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("variant,figure,rounds,change_pct,half_width_pct,verdict"))
        let cpu = try #require(lines.first { $0.hasPrefix("client-1,client_cpu_ms_per_req,5,") })
        #expect(cpu.contains(",changes,"))
        let p99 = try #require(lines.first { $0.hasPrefix("client-1,search.p99_ms,") })
        #expect(p99.contains("search p99 from 300 requests per round"))
        #expect(lines.count == 4)
    }

    @Test func theMarkdownLeadsWithTheVerdictsInWords() {
        let markdown = ComparisonReport.markdown(Self.summary)
        let verdicts = markdown.range(of: "## Verdicts")!.lowerBound
        #expect(markdown.range(of: "## Every figure")!.lowerBound > verdicts)
        #expect(markdown.contains("- client CPU per request: changes it by +20."))
        #expect(markdown.contains("(tracing.sampleFraction=1)"))
    }

    @Test func theHTMLDrawsEachFiguresIntervalPerVariant() {
        let html = ComparisonReport.html(Self.summary)
        #expect(html.hasPrefix("<!DOCTYPE html>") && !html.contains("<script"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 3)
        #expect(html.contains("client-1: changes"))
    }
}
