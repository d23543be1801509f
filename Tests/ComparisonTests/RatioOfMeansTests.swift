import Foundation
import Scenario
import Testing

@testable import Comparison

/// The relative change is the ratio of the figure's own means; its interval is Fieller's.
@Suite struct RatioOfMeansTests {
    @Test func theMeanOfRatiosCanFlipTheSignTheRatioOfMeansCannot() throws {
        // One round's baseline came out tiny: its ratio (+100%) rules the mean of ratios, which
        // reads +26.7% while the means fell from 67 to 60.7.
        let pairs: [(Double, Double)] = [(2, 1), (90, 100), (90, 100)]
        let meanOfRatios = 100 * (pairs.map { $0.0 / $0.1 }.reduce(0, +) / 3 - 1)
        #expect(meanOfRatios > 26)
        let change = try #require(
            FigureChange(key: .throughput, pairs: pairs, margin: 2, target: 2, samples: 9000, headline: false))
        let byHand = 100 * ((182.0 / 3) / (201.0 / 3) - 1)
        #expect(abs(change.value - 182.0 / 3) < 1e-9 && abs(change.baseline - 67) < 1e-9)
        #expect(abs(change.change - byHand) < 1e-9 && change.change < 0)
    }

    @Test func fiellersEndsSolveItsDefiningEquation() throws {
        // Five rounds: at each end θ, (mean v − θ·mean b)² = t² · Var(v − θ·b) / n, with t(0.975, 4) =
        // 2.776445 (the table's 2.776 to more digits) and the sample (co)variances written out here.
        let pairs: [(Double, Double)] = [(10.4, 9.8), (11.1, 10.2), (10.0, 9.9), (10.9, 10.6), (10.7, 9.7)]
        let n = 5.0
        let mv = pairs.map(\.0).reduce(0, +) / n
        let mb = pairs.map(\.1).reduce(0, +) / n
        let svv = pairs.map { ($0.0 - mv) * ($0.0 - mv) }.reduce(0, +) / (n - 1)
        let sbb = pairs.map { ($0.1 - mb) * ($0.1 - mb) }.reduce(0, +) / (n - 1)
        let svb = pairs.map { ($0.0 - mv) * ($0.1 - mb) }.reduce(0, +) / (n - 1)
        let ratio = RatioOfMeans(pairs: pairs, confidence: 0.95)
        #expect(abs(ratio.ratio - mv / mb) < 1e-12)
        for theta in [try #require(ratio.low), try #require(ratio.high)] {
            let left = (mv - theta * mb) * (mv - theta * mb)
            let right = 2.776445 * 2.776445 * (svv - 2 * theta * svb + theta * theta * sbb) / n
            #expect(abs(left - right) < 1e-5 * right, "θ \(theta): \(left) against \(right)")
        }
        #expect(try #require(ratio.low) < mv / mb && mv / mb < (try #require(ratio.high)))
    }

    @Test func aRatioOfFiguresThatCannotBeNegativeIsNeverBelowZero() throws {
        // Three rounds, a variant whose mean is not clear of zero: Fieller's ends, worked by hand
        // with t(0.975, 2) = 4.302653, are −0.716 and 1.648. A throughput cannot fall below
        // nothing: the low end becomes 0 (−100%), the high end stays.
        let cut = RatioOfMeans(pairs: [(10, 400), (400, 410), (200, 405)], confidence: 0.95)
        #expect(cut.low == 0)
        #expect(abs(try #require(cut.high) - 1.647728) < 1e-5)
        #expect(abs(cut.ratio - 0.502058) < 1e-5)
        // A figure that went negative in a round (CPU beyond idle can): nothing is cut.
        let kept = RatioOfMeans(pairs: [(-10, 400), (400, 410), (200, 405)], confidence: 0.95)
        #expect(abs(try #require(kept.low) + 0.796351) < 1e-5)
        #expect(abs(try #require(kept.high) - 1.691262) < 1e-5)
    }

    @Test func aBaselineNotClearOfZeroHasNoInterval() {
        let ratio = RatioOfMeans(pairs: [(1, 0.1), (1.2, -0.1), (0.9, 0.15)], confidence: 0.95)
        #expect(ratio.low == nil && ratio.high == nil)
    }

    @Test func studentsQuantilesMatchTheTables() {
        // Two-sided 95% (df 1, 4, 9, 29), 99% (df 10), and 97.5% (df 9: two headlines at 95% together).
        let table: [(p: Double, df: Double, t: Double)] = [
            (0.975, 1, 12.706), (0.975, 4, 2.776), (0.975, 9, 2.262), (0.975, 29, 2.045), (0.995, 10, 3.169),
            (0.9875, 9, 2.685),
        ]
        for row in table {
            #expect(abs(StudentT.quantile(row.p, df: row.df) - row.t) < 1e-3, "\(row)")
        }
        #expect(StudentT.cdf(0, df: 7) == 0.5 && abs(StudentT.quantile(0.025, df: 4) + 2.776) < 1e-3)
    }
}
