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
}
