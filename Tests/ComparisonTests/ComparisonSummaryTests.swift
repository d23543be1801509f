import Results
import Scenario
import Testing

@testable import Comparison

@Suite struct ComparisonSummaryTests {
    static func round(_ number: Int, cpu: Double, throughput: Double) -> RoundRecord {
        RoundRecord(
            round: number, startedAt: 0, seconds: 10,
            values: [.clientCPU: cpu, .throughput: throughput, FigureKey(.search, .p50): 5],
            samples: [.throughput: 5000, FigureKey(.search, .p50): 5000])
    }

    @Test func variantsArePairedWithTheBaselineRoundByRound() throws {
        let base = (1...6).map { Self.round($0, cpu: 1 + Double($0) * 0.1, throughput: 500) }
        // Round 3 of the variant is missing (stopped mid-round): it pairs with nothing.
        let variant = [1, 2, 4, 5, 6].map { Self.round($0, cpu: (1 + Double($0) * 0.1) * 1.2, throughput: 500) }
        let aa = (1...6).map { Self.round($0, cpu: 1 + Double($0) * 0.1, throughput: 500 + Double($0 % 2)) }
        let summary = ComparisonSummary(
            scenario: "s", baseline: "off", order: ["off", "on", "A/A"], settings: [:], ownServer: [],
            rounds: ["off": base, "on": variant, "A/A": aa], headlines: [.clientCPU, .throughput],
            precision: 2, stopReason: "", aa: "A/A")
        let on = try #require(summary.variants.first { $0.name == "on" })
        let cpu = try #require(on.changes.first { $0.key == .clientCPU })
        // The drift of the machine (CPU rising round by round) cancels in the pairs: exactly +20%.
        #expect(cpu.rounds == 5 && abs(cpu.change - 20) < 1e-9 && cpu.verdict == .changes && cpu.headline)
        let throughput = try #require(on.changes.first { $0.key == .throughput })
        #expect(throughput.verdict == .noChange)
        #expect(summary.headlineWidths.count == 4)
        let floor = try #require(summary.noiseFloor)
        #expect(floor < 1)
    }

    @Test func aSparseP50HeadlineGivesWayToTheMeanAndTheReportSaysSo() throws {
        // An open loop at 1 request/s in 10 s blocks: 10 requests a block, too few for a p50 (20).
        func round(_ number: Int, _ latency: Double) -> RoundRecord {
            RoundRecord(
                round: number, startedAt: 0, seconds: 10,
                values: [FigureKey(.search, .p50): latency, FigureKey(.search, .mean): latency * 1.1],
                samples: [FigureKey(.search, .p50): 10, FigureKey(.search, .mean): 10])
        }
        let summary = ComparisonSummary(
            scenario: "s", baseline: "off", order: ["off", "on"], settings: [:], ownServer: [],
            rounds: ["off": (1...5).map { round($0, 5) }, "on": (1...5).map { round($0, 5 + Double($0)) }],
            headlines: [FigureKey(.search, .p50)], precision: 2, stopReason: "", aa: nil)
        #expect(summary.headlines == [FigureKey(.search, .mean)])
        #expect(summary.notes.contains { $0.contains("search p50 from 10 requests per round") && $0.contains("search mean leads") })
        let on = try #require(summary.variants.first { $0.name == "on" })
        let p50 = try #require(on.changes.first { $0.key == FigureKey(.search, .p50) })
        #expect(!p50.headline && p50.verdict == .cannotTell && p50.sparse != nil)
        #expect(on.changes.first { $0.key == FigureKey(.search, .mean) }?.headline == true)
        // The stop rule waits for the mean, not the sparse p50.
        #expect(summary.headlineWidths.map(\.label) == ["on: search mean"])
    }
}
