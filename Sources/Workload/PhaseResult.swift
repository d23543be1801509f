import Scenario

/// What one phase measured, merged over its workers.
public struct PhaseResult: Sendable {
    public var phase: Phase
    /// Wall-clock start, ns since the epoch.
    public var startUnixNanos: UInt64
    /// How long the phase ran (until the last request returned).
    public var elapsedSeconds: Double
    public var operations: [OperationKind: OperationStats]
    public var timeline: [TimelineBucket]
    public var sampled: [SampledRequest]
    public var sampleFraction: Double
    /// Set when the phase was cut short (Ctrl-C, fatal error): the numbers cover what ran.
    public var stoppedEarly: String?
    /// Seconds into the phase at which it was told to stop.
    public var stoppedAfterSeconds: Double?

    public init(
        phase: Phase, startUnixNanos: UInt64, elapsedSeconds: Double, operations: [OperationKind: OperationStats],
        timeline: [TimelineBucket], sampled: [SampledRequest], sampleFraction: Double, stoppedEarly: String? = nil
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
    public var activeOperations: [OperationKind] {
        operations.keys.filter { (operations[$0]?.requests ?? 0) > 0 || phase.mix[$0] != nil }.sorted()
    }

    /// Open loop: requests due before the phase ended (or was stopped) that were never sent,
    /// because the workers were still busy: the server fell behind the rate.
    public var unsent: Int {
        guard let rate = phase.rate, case .duration(let seconds) = phase.length else { return 0 }
        let schedule = ArrivalSchedule(rate: rate, durationSeconds: seconds)
        let due = schedule.expectedRequests(before: stoppedAfterSeconds ?? seconds)
        return max(0, Int(due.rounded(.down)) - totalRequests)
    }

    /// Open loop: requests scheduled after the phase was stopped (Ctrl-C, a fatal error), which
    /// were not sent because of the stop, not because of the server.
    public var unsentAfterStop: Int {
        guard let rate = phase.rate, case .duration(let seconds) = phase.length, let stopped = stoppedAfterSeconds
        else { return 0 }
        let schedule = ArrivalSchedule(rate: rate, durationSeconds: seconds)
        return max(
            0,
            Int(schedule.expectedRequests.rounded(.down))
                - Int(schedule.expectedRequests(before: stopped).rounded(.down)))
    }

    public var totalRequests: Int { operations.values.reduce(0) { $0 + $1.requests } }
    public var totalErrors: Int { operations.values.reduce(0) { $0 + $1.errorCount } }
}
