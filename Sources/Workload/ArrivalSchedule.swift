import Scenario

/// When the i-th request of an open-loop phase is meant to start, for a constant rate or a linear
/// ramp. Latency is measured from this intended start (as wrk2 does), so a server that falls
/// behind shows its queueing delay instead of hiding it (coordinated omission).
package struct ArrivalSchedule: Sendable {
    let start: Double  // requests per second at t = 0
    let end: Double  // at t = duration
    let duration: Double

    package init(rate: ArrivalRate, durationSeconds: Double) {
        start = rate.start
        end = rate.end
        duration = max(durationSeconds, 1e-9)
    }

    /// Seconds from the phase start at which request `index` (0-based) should begin.
    /// The rate at time t is r(t) = start + (end - start) t / duration; request i begins when the
    /// integral of r reaches i, i.e. at the root of  slope/2 t² + start t - i = 0.
    package func intendedStart(_ index: Int) -> Double {
        let i = Double(index)
        let slope = (end - start) / duration
        if abs(slope) < 1e-12 { return start > 0 ? i / start : .infinity }
        let discriminant = start * start + 2 * slope * i
        if discriminant < 0 { return .infinity }  // a ramp down that never reaches this many requests
        return (-start + discriminant.squareRoot()) / slope
    }

    /// How many requests the schedule holds within `duration` seconds.
    package var expectedRequests: Double { (start + end) / 2 * duration }

    /// How many it holds before `seconds` (the integral of the rate up to there).
    package func expectedRequests(before seconds: Double) -> Double {
        let t = min(max(seconds, 0), duration)
        return start * t + (end - start) / duration * t * t / 2
    }
}
