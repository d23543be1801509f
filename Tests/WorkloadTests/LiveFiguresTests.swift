import Testing

@testable import Workload

/// The live line's rate is requests over the seconds they came from: at 5.0 s it used to count
/// seconds 0–3 and divide by 5 (1,645 requests shown as 329/s).
@Suite struct LiveFiguresTests {
    static func buckets(_ counts: [Int]) -> [TimelineBucket] {
        counts.enumerated().map { second, count in
            var bucket = TimelineBucket(second: second)
            for _ in 0..<count { Latency.record(2_000_000, into: &bucket.histogram) }
            return bucket
        }
    }

    @Test func theRateCoversOnlyWholeSecondsThatHaveBeenHandedIn() {
        // Seconds 0–4 complete (400 each); second 5 still filling (40 so far).
        let figures = LiveFigures(Self.buckets([400, 400, 400, 400, 400, 40]), elapsed: 5.6)
        #expect(figures.seconds == 5)
        #expect(figures.ratePerSecond == 400)
        #expect(figures.requests == 2040)
        // Just after a second ended, that second is not counted yet (its workers hand it in late).
        let early = LiveFigures(Self.buckets([400, 400, 400, 400, 150]), elapsed: 5.1)
        #expect(early.seconds == 4 && early.ratePerSecond == 400)
        #expect(abs((early.p50Ms ?? 0) - 2) < 0.05)
    }

    @Test func theWholePhaseIsOverItsWholeDuration() {
        let done = LiveFigures(Self.buckets([100, 100, 50]), elapsed: 2.5, done: true)
        #expect(done.seconds == 2.5 && done.ratePerSecond == 100)
        #expect(LiveFigures([], elapsed: 0.4).ratePerSecond == nil)
    }
}
