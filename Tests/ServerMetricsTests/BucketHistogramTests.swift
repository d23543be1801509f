import Foundation
import Testing

@testable import ServerMetrics

@Suite struct BucketHistogramTests {
    static let bounds: [Double] = [1, 2, 4, 8, .infinity]

    static func histogram(_ cumulative: [Double], sum: Double) -> BucketHistogram {
        BucketHistogram(bounds: bounds, cumulative: cumulative, sum: sum, count: cumulative.last!)
    }

    /// Worked by hand as Prometheus's histogram_quantile does it: rank = q·count, the bucket that
    /// holds it, linear inside it (from 0 for the first bucket), the highest finite bound past it.
    @Test func quantilesInterpolateInsideTheBucket() throws {
        let h = Self.histogram([10, 30, 70, 90, 100], sum: 400)
        // p50: rank 50 in (2, 4] holding 40 (30…70): 2 + 2·(50−30)/40 = 3.
        #expect(h.quantile(0.5) == 3)
        // p10: rank 10 in (0, 1]: 1·10/10 = 1; p5: 0.5.
        #expect(h.quantile(0.1) == 1 && h.quantile(0.05) == 0.5)
        // p90: rank 90 in (4, 8] holding 20 (70…90): 4 + 4·20/20 = 8.
        #expect(h.quantile(0.9) == 8)
        // p99: rank 99 falls in +Inf: the highest finite bound.
        #expect(h.quantile(0.99) == 8)
        #expect(h.mean == 4)
        #expect(Self.histogram([0, 0, 0, 0, 0], sum: 0).quantile(0.5) == nil)
    }

    @Test func aDeltaIsWhatHappenedBetweenTwoReadings() {
        let before = Self.histogram([5, 10, 10, 10, 10], sum: 12)
        let after = Self.histogram([15, 30, 50, 60, 61], sum: 200)
        let delta = after.since(before)
        #expect(delta.cumulative == [10, 20, 40, 50, 51] && delta.count == 51 && delta.sum == 188)
    }

    /// A pod restarted during the phase: its counters went back to zero and counted again.
    @Test func aCounterResetCountsEverythingAfterItAsNew() {
        let before = Self.histogram([500, 900, 1000, 1000, 1000], sum: 3000)
        let restarted = Self.histogram([3, 5, 6, 6, 6], sum: 14)
        #expect(restarted.since(before) == restarted)
        // A series that did not exist at the phase's start (a new label set, a new pod) is new whole.
        #expect(restarted.since(nil) == restarted)
    }

    @Test func podsAreAddedBucketByBucket() {
        let a = Self.histogram([1, 2, 3, 4, 5], sum: 10)
        let b = Self.histogram([10, 20, 30, 40, 50], sum: 100)
        let sum = a.adding(b)
        #expect(sum.cumulative == [11, 22, 33, 44, 55] && sum.sum == 110 && sum.count == 55)
        // Different bounds (a guard; Milvus's pods share theirs): counts carried at each bound.
        let other = BucketHistogram(bounds: [2, .infinity], cumulative: [7, 9], sum: 9, count: 9)
        let mixed = a.adding(other)
        #expect(mixed.bounds == Self.bounds && mixed.cumulative == [1, 9, 10, 11, 14] && mixed.count == 14)
    }
}

extension BucketHistogramTests {
    /// run.json keeps each phase's stage histograms: JSON has no infinity, so +Inf goes as text.
    @Test func roundTripsThroughJSON() throws {
        let h = Self.histogram([10, 30, 70, 90, 100], sum: 400)
        let data = try JSONEncoder().encode(h)
        #expect(String(decoding: data, as: UTF8.self).contains("\"+Inf\""))
        #expect(try JSONDecoder().decode(BucketHistogram.self, from: data) == h)
    }
}
