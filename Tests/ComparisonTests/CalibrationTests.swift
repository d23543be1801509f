import Foundation
import Results
import Scenario
import TestFixtures
import Testing

@testable import Comparison

/// The statistics run on thousands of simulated comparisons whose truth is known, with the noise
/// a shared machine has: a machine state that drifts from block to block (autocorrelated, so the
/// two blocks of a round share most of it but not all), noise of each block's own, and now and
/// then an outlier block (a compaction, another job) on one side only. Seeded: the same every run.
@Suite struct CalibrationTests {
    /// The machine: its state drifts block by block (AR(1), φ = 0.8, 3% steps: 5% around its
    /// mean), each figure of a block adds 2% of its own, and one block in 40 comes out 20% high.
    struct Machine {
        var random: SplitMix
        var state = 0.0
        mutating func block(_ truth: Double, figures: Int) -> [Double] {
            state = 0.8 * state + 0.03 * random.normal()
            let outlier = random.uniform() < 1.0 / 40 ? 1.2 : 1
            return (0..<figures).map { _ in truth * exp(state + 0.02 * random.normal()) * outlier }
        }
    }

    /// `rounds` rounds of blocks for the named variants (each variant's truth a factor of the
    /// baseline's 100), in an order drawn anew each round, as `ComparisonSummary` takes them;
    /// three figures, as the three headlines of a closed loop.
    static func simulate(_ machine: inout Machine, truths: [String: Double], rounds: Int) -> [String: [RoundRecord]] {
        var out: [String: [RoundRecord]] = [:]
        for round in 1...rounds {
            var names = truths.keys.sorted()
            for i in stride(from: names.count - 1, to: 0, by: -1) {
                names.swapAt(i, Int(machine.random.uniform() * Double(i + 1)))
            }
            for name in names {
                let block = machine.block(100 * truths[name]!, figures: 3)
                let values: [FigureKey: Double] = [.clientCPU: block[0], .serverCPU: block[1], .throughput: block[2]]
                out[name, default: []].append(
                    RoundRecord(
                        round: round, startedAt: 0, seconds: 10, values: values,
                        samples: [.clientCPU: 5000, .serverCPU: 5000, .throughput: 5000]))
            }
        }
        return out
    }

    /// One simulated comparison of `variant` (its truth a factor of the baseline's) against
    /// "off", with the three headlines of a closed loop.
    static func compare(_ machine: inout Machine, _ variant: String, truth: Double, rounds: Int) -> ComparisonSummary {
        ComparisonSummary(
            scenario: "sim", baseline: "off", order: ["off", variant], settings: [:], ownServer: [],
            rounds: simulate(&machine, truths: ["off": 1, variant: truth], rounds: rounds),
            headlines: [.clientCPU, .serverCPU, .throughput], precision: 2, stopReason: "",
            aa: variant == "A/A" ? variant : nil)
    }

    @Test func anAAComparisonCallsAHeadlineAChangeAtMostOnceInTwenty() async throws {
        let trials = 2000
        let falseAlarms = try await onItsOwnThread {
            var machine = Machine(random: SplitMix(seed: 7))
            var falseAlarms = 0
            for _ in 0..<trials {
                let summary = Self.compare(&machine, "A/A", truth: 1, rounds: 10)
                if summary.variants[1].changes.contains(where: { $0.headline && $0.verdict == .changes }) { falseAlarms += 1 }
            }
            return falseAlarms
        }
        // The family's rate is at most 5% (Bonferroni is conservative: 55 of 2,000, 2.75%, with
        // this seed; the simulation is the same on every machine).
        let rate = Double(falseAlarms) / Double(trials)
        #expect(rate <= 0.05, "\(falseAlarms) of \(trials) A/A comparisons read a headline change")
    }

    @Test func aTrueThreePercentIsCoveredAndFoundOnceTheRoundsSuffice() async throws {
        let trials = 1000
        let changes = try await onItsOwnThread {
            var machine = Machine(random: SplitMix(seed: 11))
            return (0..<trials).map { _ in
                Self.compare(&machine, "on", truth: 1.03, rounds: 60).variants[1].changes.first { $0.key == .serverCPU }
            }
        }
        var covered = 0
        var found = 0
        var wrongSign = 0
        for change in changes {
            let change = try #require(change)
            if let low = change.low, let high = change.high, low <= 3, 3 <= high { covered += 1 }
            if change.verdict == .changes {
                found += 1
                if change.change < 0 { wrongSign += 1 }
            }
        }
        // Each headline's interval is at 1 − 0.05/3: it should cover the truth at least 98% of the
        // time; the promise checked is the 93%.
        #expect(Double(covered) / Double(trials) >= 0.93, "covered \(covered) of \(trials)")
        // The pairs' differences spread about 6% (drift between two blocks 3%, their own noise
        // 3%, outliers 4%): 60 rounds put the half-width near 2%, two thirds of the effect, so it
        // is found in about 9 comparisons of 10, and never backwards.
        #expect(Double(found) / Double(trials) >= 0.8, "found \(found) of \(trials)")
        #expect(wrongSign == 0)
    }
}
