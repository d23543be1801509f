import Scenario
import Testing

@testable import Workload

@Suite struct RecorderTests {
    @Test func percentilesComeFromMergedHistogramsAndAreOrdered() {
        let live = LiveTimeline()
        var a = WorkerRecorder(phaseStart: 0, live: live)
        var b = WorkerRecorder(phaseStart: 0, live: live)
        for i in 1...1000 {
            a.record(.search, latency: UInt64(i) * 1_000_000, end: UInt64(i) * 1_000_000, rows: 0, error: nil)
        }
        for i in 1...1000 {
            b.record(.search, latency: UInt64(i) * 10_000, end: UInt64(i) * 1_000_000, rows: 0, error: nil)
        }
        b.record(.search, latency: 5, end: 2_000_000_000, rows: 0, error: MilvusErrorKind("timeout", message: "slow"))
        a.finish()
        b.finish()
        var merged = a.operations[.search]!
        merged.merge(b.operations[.search]!)
        #expect(merged.requests == 2001 && merged.successes == 2000 && merged.errors == ["timeout": 1])
        let h = merged.histogram
        let (p50, p90, p99, p999) = (
            h.valueAtPercentile(50), h.valueAtPercentile(90), h.valueAtPercentile(99), h.valueAtPercentile(99.9)
        )
        #expect(p50 <= p90 && p90 <= p99 && p99 <= p999 && p999 <= h.max)
        // Half the values are 0.01–10 ms, half 1–1000 ms: the merged median sits between them (µs).
        #expect(p50 > 9_900 && p50 < 10_100)
        #expect(abs(Double(h.max) - 1_000_000) < 1_000)
        let seconds = live.snapshot()
        #expect(seconds.map(\.second) == [0, 1, 2])
        #expect(seconds.reduce(0) { $0 + $1.requests } == 2001)
        #expect(seconds.last?.errors == 1)
    }
}
