import Scenario
import Testing

@testable import Comparison

/// Known samples give known intervals and verdicts.
@Suite struct FigureChangeTests {
    @Test func aSampleHasStudentsInterval() throws {
        let sample = Sample([1, 2, 3, 4, 5])
        #expect(sample.mean == 3)
        #expect(abs(sample.deviation - 1.5811) < 1e-4)
        // t(0.975, 4) = 2.776: 2.776 × 1.5811 / √5 = 1.963.
        #expect(abs(try #require(sample.halfWidth) - 1.963) < 1e-3)
        #expect(Sample([7]).halfWidth == nil)
        #expect(abs(StudentT.q975(9) - 2.262) < 1e-9 && abs(StudentT.q975(1000) - 1.962) < 1e-3)
    }

    @Test func aClearChangeIsCalledAChangeWithItsInterval() throws {
        // Client CPU per request: the variant 8–12% above the baseline, round by round.
        let pairs = [110.0, 112, 108, 111, 109].map { ($0 / 100, 1.0) }
        let change = try #require(
            FigureChange(key: .clientCPU, pairs: pairs, margin: 2, target: 2, samples: 5000, headline: true))
        #expect(change.verdict == .changes)
        #expect(abs(change.change - 10) < 1e-9)
        #expect(abs(try #require(change.halfWidth) - 1.963) < 1e-3)
        // A constant baseline: Fieller's interval is the t interval of the variant's mean over it,
        // 1.10 ± 2.776 × 0.0158 / √5 = [1.0804, 1.1196].
        #expect(change.words == "changes it by +10.0% [+8.0%, +12.0%]")
        #expect(change.sparse == nil && change.rounds == 5)
    }

    @Test func aBaselineTooSpreadToBoundARatioDecidesNothingAndSaysWhy() throws {
        // Three rounds of a throughput whose baseline swings from 40 to 400: its mean is not
        // clear of zero at t(0.975, 2) = 4.303 (mean 200, standard error 106), so no ratio is bounded.
        let pairs: [(Double, Double)] = [(150, 400), (60, 40), (170, 160)]
        let change = try #require(
            FigureChange(key: .throughput, pairs: pairs, margin: 2, target: 2, samples: 9000, headline: true))
        #expect(change.low == nil && change.high == nil)
        #expect(change.verdict == .cannotTell)
        #expect(change.words == "cannot tell yet: -36.7%, the baseline's rounds too spread to bound a ratio", "\(change.words)")
    }

    @Test func aThroughputsIntervalStopsAtMinusAHundredPercent() throws {
        // The variant's rounds not clear of zero (Fieller's low end, a ratio of −0.716 or −171.6%, by hand in
        // RatioOfMeansTests): a throughput cannot lose more than all of itself.
        let change = try #require(
            FigureChange(
                key: .throughput, pairs: [(10, 400), (400, 410), (200, 405)], margin: 2, target: 2, samples: 9000,
                headline: false))
        #expect(change.low == -100)
        #expect(change.words.hasPrefix("cannot tell yet: -49.8% [-100.0%, +64.8%]"), "\(change.words)")
    }

    @Test func anIntervalInsideTheMarginIsNoChange() throws {
        let pairs = [100.3, 99.8, 100.1, 99.9, 100.2, 99.7, 100.0, 100.1].map { ($0, 100.0) }
        let change = try #require(
            FigureChange(key: .throughput, pairs: pairs, margin: 2, target: 2, samples: 9000, headline: true))
        #expect(change.verdict == .noChange)
        #expect(change.words.hasPrefix("no change larger than ±2.0%"))
    }

    @Test func aWideIntervalCannotTellAndSaysWhatWouldResolveIt() throws {
        // Changes of +4, −6, +5, −3 %: sd 5.1, interval ±8.2% after 4 rounds.
        let pairs = [104.0, 94, 105, 97].map { ($0, 100.0) }
        let change = try #require(
            FigureChange(
                key: FigureKey(.search, .p50), pairs: pairs, margin: 2, target: 2, samples: 400, headline: false))
        #expect(change.verdict == .cannotTell)
        // (t × 5.1 / 2)² with t ≈ 2.05 at ~28 rounds: about 28 rounds, 24 more.
        let more = try #require(change.moreRounds)
        #expect((20...30).contains(more), "\(more)")
        #expect(change.words.contains("after 4 rounds") && change.words.contains("more rounds for ±2.0%"))
    }

    @Test func recallChangesInItsOwnUnitAndATailFromFewRequestsIsSparse() throws {
        let recall = try #require(
            FigureChange(
                key: FigureKey(.search, .recall), pairs: [(0.73, 0.99), (0.74, 0.99), (0.72, 0.98)], margin: 0.01,
                target: 0.005, samples: 300, headline: false))
        #expect(recall.verdict == .changes && abs(recall.change + 0.2567) < 1e-3)
        #expect(!recall.figure.relative && recall.figure.higherIsBetter)
        let p99 = try #require(
            FigureChange(
                key: FigureKey(.search, .p99), pairs: [(10, 9), (11, 10)], margin: 2, target: 2, samples: 80,
                headline: false))
        #expect(p99.sparse == "search p99 from 80 requests per round (1000 would make it more than a guess)")
        #expect(Figure(key: FigureKey(.search, .p50)).sparseNote(samples: 80) == nil)
    }

    @Test func aSparseFigureNeverReadsChanges() throws {
        // A p99 from 80 requests a round that tripled: printed, with its interval, and no verdict.
        let p99 = try #require(
            FigureChange(
                key: FigureKey(.search, .p99), pairs: [(30, 10), (31, 10), (29, 11), (30, 10)], margin: 2, target: 2,
                samples: 80, headline: false))
        #expect(p99.verdict == .cannotTell && p99.moreRounds == nil)
        #expect(p99.words.hasPrefix("cannot tell: sparse, search p99 from 80 requests"), "\(p99.words)")
    }

    @Test func aBaselineOfZeroLeavesARelativeFigureOut() {
        #expect(
            FigureChange(key: .serverCPU, pairs: [(1, 0)], margin: 2, target: 2, samples: 1, headline: true)
                == nil)
        // A mean of zero from rounds that are not all zero: still no percentage of it.
        #expect(
            FigureChange(key: .clientWork, pairs: [(1, 0.1), (1, -0.1)], margin: 2, target: 2, samples: 9, headline: true)
                == nil)
    }
}
