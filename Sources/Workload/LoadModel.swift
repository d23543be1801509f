/// When a worker may issue its next request, and from when its latency counts.
///
/// Closed loop: at once, timed from the actual start. Open loop: at the ticket's slot in the
/// arrival schedule, timed from that intended start even when the worker gets there late — the
/// wait behind a slow server is part of what a user would see (wrk2's correction for
/// coordinated omission).
package struct LoadModel: Sendable {
    package enum Step: Equatable, Sendable {
        /// Issue now; measure latency from `intendedStart` (monotonic ns).
        case issue(intendedStart: UInt64)
        /// Sleep until `until`, then issue with that as the intended start.
        case wait(until: UInt64)
        /// The phase is over for this worker.
        case stop
    }

    let start: UInt64
    let deadline: UInt64
    let budget: Int?
    let schedule: ArrivalSchedule?

    package init(start: UInt64, deadline: UInt64, budget: Int?, schedule: ArrivalSchedule?) {
        self.start = start
        self.deadline = deadline
        self.budget = budget
        self.schedule = schedule
    }

    /// What to do with request number `ticket` at monotonic time `now`.
    package func step(ticket: Int, now: UInt64) -> Step {
        if let budget, ticket >= budget { return .stop }
        guard let schedule else {
            return now >= deadline ? .stop : .issue(intendedStart: now)
        }
        let offset = schedule.intendedStart(ticket)
        guard offset.isFinite else { return .stop }
        let intended = start &+ UInt64(offset * 1e9)
        // The phase ends on time even when the server fell behind: slots not reached by the
        // deadline are counted as not sent (as k6's dropped iterations), not sent late.
        if intended >= deadline || now >= deadline { return .stop }
        return intended > now ? .wait(until: intended) : .issue(intendedStart: intended)
    }
}
