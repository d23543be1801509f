import Scenario

/// What one phase measured, merged over its workers.
package struct PhaseResult: Sendable {
    package var phase: Phase
    /// Wall-clock start, ns since the epoch.
    package var startUnixNanos: UInt64
    /// How long the phase ran (until the last request returned).
    package var elapsedSeconds: Double
    package var operations: [OperationKind: OperationStats]
    package var timeline: [TimelineBucket]
    package var sampled: [SampledRequest]
    package var sampleFraction: Double
    /// What checked searches asked and got (`search.answers`).
    package var answers: [SearchAnswer] = []
    /// Set when the phase was cut short (Ctrl-C, fatal error): the numbers cover what ran.
    package var stoppedEarly: StopReason?
    /// Seconds into the phase at which it was told to stop.
    package var stoppedAfterSeconds: Double?

    package init(
        phase: Phase, startUnixNanos: UInt64, elapsedSeconds: Double, operations: [OperationKind: OperationStats],
        timeline: [TimelineBucket], sampled: [SampledRequest], sampleFraction: Double, stoppedEarly: StopReason? = nil
    ) {
        self.phase = phase
        self.startUnixNanos = startUnixNanos
        self.elapsedSeconds = elapsedSeconds
        self.operations = operations
        self.timeline = timeline
        self.sampled = sampled
        self.sampleFraction = sampleFraction
        self.stoppedEarly = stoppedEarly
    }

    /// Operations that ran, in a stable order.
    package var activeOperations: [OperationKind] {
        operations.keys.filter { (operations[$0]?.requests ?? 0) > 0 || phase.mix[$0] != nil }.sorted()
    }

    /// Open loop: requests due before the phase ended (or was stopped) that were never sent,
    /// because the workers were still busy: the server fell behind the rate.
    package var unsent: Int {
        guard let rate = phase.rate, case .duration(let seconds) = phase.length else { return 0 }
        let schedule = ArrivalSchedule(rate: rate, durationSeconds: seconds)
        let due = schedule.expectedRequests(before: stoppedAfterSeconds ?? seconds)
        return max(0, Int(due.rounded(.down)) - totalRequests)
    }

    /// Open loop: requests scheduled after the phase was stopped (Ctrl-C, a fatal error), which
    /// were not sent because of the stop, not because of the server. Sent, `unsent` and these add
    /// up to the schedule: a request sent as the stop came in (the schedule's first arrival is at
    /// 0 s, so up to ⌊t·rate⌋ + 1 can be out by t) is sent, not unsent after the stop.
    package var unsentAfterStop: Int {
        guard let rate = phase.rate, case .duration(let seconds) = phase.length, let stopped = stoppedAfterSeconds
        else { return 0 }
        let schedule = ArrivalSchedule(rate: rate, durationSeconds: seconds)
        let due = Int(schedule.expectedRequests(before: stopped).rounded(.down))
        return max(0, Int(schedule.expectedRequests.rounded(.down)) - max(due, totalRequests))
    }

    package var totalRequests: Int { operations.values.reduce(0) { $0 + $1.requests } }
    package var totalErrors: Int { operations.values.reduce(0) { $0 + $1.errorCount } }
}
