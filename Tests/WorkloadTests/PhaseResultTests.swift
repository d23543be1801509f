import Scenario
import Testing

@testable import Workload

/// An open loop's schedule, accounted for after a stop: sent + unsent (behind) + unsent after the
/// stop = the requests scheduled, whichever side of the stop's instant the last send fell.
@Suite struct PhaseResultTests {
    /// A stopped 600 s phase at 200/s (120,000 scheduled) that sent `sent` requests by 10.0 s.
    static func stopped(sent: Int) -> PhaseResult {
        var stats = OperationStats()
        stats.errors["x"] = sent  // failed requests count as sent; no latency needed
        let phase = Phase(
            name: "p", length: .duration(seconds: 600), workers: 2, rate: ArrivalRate(constant: 200), mix: [.search: 1])
        var result = PhaseResult(
            phase: phase, startUnixNanos: 0, elapsedSeconds: 10, operations: [.search: stats], timeline: [],
            sampled: [], sampleFraction: 0, stoppedEarly: .interrupted(signal: "SIGINT"))
        result.stoppedAfterSeconds = 10
        return result
    }

    @Test(arguments: [2_001, 2_000, 1_990, 1_500])
    func theScheduleAddsUp(sent: Int) {
        let result = Self.stopped(sent: sent)
        // By 10 s, 2,000 were due (arrivals at 0, 1/200 s, ...: the one at exactly 10 s may be out too).
        #expect(result.totalRequests + result.unsent + result.unsentAfterStop == 120_000)
        #expect(result.unsent == max(0, 2_000 - sent))
        #expect(result.unsentAfterStop == 120_000 - max(2_000, sent))
    }
}
