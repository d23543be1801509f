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
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(header.starts(with: ["variant", "figure", "rounds", "change", "low", "high", "unit", "confidence", "verdict"]))
        let rows = lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
        let cpu = try #require(rows.first { $0["variant"] == "client-1" && $0["figure"] == "client_cpu_ms_per_req" })
        #expect(cpu["verdict"] == "changes" && cpu["rounds"] == "5" && cpu["headline"] == "yes")
        // The means by hand: 1.2 + (0.001 + ... + 0.005)/5 = 1.203 against 1.0, so +20.3%, inside its interval.
        #expect(cpu["value"] == "1.203000" && cpu["baseline"] == "1.000000" && cpu["change"] == "20.3000")
        let (low, high) = (try #require(Double(cpu["low"] ?? "")), try #require(Double(cpu["high"] ?? "")))
        #expect(low < 20.3 && 20.3 < high)
        // One headline and one variant: a family of one, at 95%.
        #expect(cpu["confidence"] == "0.9500")
        let p99 = try #require(rows.first { $0["variant"] == "client-1" && $0["figure"] == "search.p99_ms" })
        #expect(p99["sparse"]?.contains("search p99 from 300 requests per round") == true)
        // From 6 ms to about 6.3 ms every round, but sparse: it decides nothing.
        #expect(p99["verdict"] == "cannot-tell")
        #expect(lines.count == 4)
    }

    @Test func theMarkdownLeadsWithTheVerdictsInWords() {
        let markdown = ComparisonReport.markdown(Self.summary)
        let verdicts = markdown.range(of: "## Verdicts")!.lowerBound
        #expect(markdown.range(of: "## Every figure")!.lowerBound > verdicts)
        #expect(markdown.contains("- client CPU per request: changes it by +20."))
        #expect(markdown.contains("(tracing.sampleFraction=1)"))
    }

    @Test func aHeadlineShortOfThePrecisionNamesWhatHoldsItThere() {
        let base = [1.0, 1.2, 0.9, 1.1, 0.8]
        let factors = [1.1, 0.95, 1.05, 1.0, 0.9]
        func rounds(_ values: [Double]) -> [RoundRecord] {
            values.enumerated().map {
                RoundRecord(round: $0.offset + 1, startedAt: 0, seconds: 10, values: [.serverCPU: $0.element], samples: [:])
            }
        }
        let summary = ComparisonSummary(
            scenario: "noisy", baseline: "off", order: ["off", "on"], settings: [:], ownServer: [],
            rounds: ["off": rounds(base), "on": rounds(zip(base, factors).map(*))], headlines: [.serverCPU],
            precision: 2, stopReason: "the budget is spent", aa: nil)
        let markdown = ComparisonReport.markdown(summary)
        // The baseline's blocks: mean 1.0, standard deviation √(0.1/4) = 0.158, so 15.8% round to round.
        #expect(markdown.contains("## The floor it reached"), "\(markdown)")
        #expect(markdown.contains("- on: server CPU per request ±"), "\(markdown)")
        #expect(markdown.contains("the baseline's own blocks vary 15.8% round to round"), "\(markdown)")
        #expect(!ComparisonReport.markdown(Self.summary).contains("## The floor it reached"))
    }

    @Test func theHTMLDrawsEachFiguresIntervalPerVariant() {
        let html = ComparisonReport.html(Self.summary)
        #expect(html.hasPrefix("<!DOCTYPE html>") && !html.contains("<script"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 3)
        #expect(html.contains("client-1: changes"))
    }
}
