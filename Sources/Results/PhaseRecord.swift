import Foundation
import Scenario
import ServerMetrics
import Workload

public struct PhaseRecord: Codable, Sendable {
    public var name: String
    public var warmup: Bool
    public var startedAt: Date
    public var elapsedSeconds: Double
    public var workers: Int
    /// Open-loop target rate (requests per second) at the start and end of the phase; nil = closed loop.
    public var rate: ArrivalRate?
    public var sampleFraction: Double
    public var stoppedEarly: String?
    public var operations: [OperationRecord]
    public var timeline: [TimelinePoint]
    public var sampledRequests: Int
    /// Open loop: requests due before the phase ended (or was stopped) that were not sent: the
    /// server fell behind the rate.
    public var unsent: Int?
    /// Open loop: scheduled requests not sent because the run was stopped (Ctrl-C, a fatal error).
    public var unsentAfterStop: Int?
    /// Seconds into the phase at which the run was stopped.
    public var stoppedAfterSeconds: Double?
    /// The sampled requests themselves, so the run can be correlated again with another trace source.
    public var sampled: [SampledRecord]?
    /// What Milvus's own metrics say of the phase: its stages and a per-second server timeline.
    public var server: PhaseServerMetrics?

    public init(_ result: PhaseResult) {
        name = result.phase.name
        warmup = result.phase.warmup
        startedAt = Date(timeIntervalSince1970: Double(result.startUnixNanos) / 1e9)
        elapsedSeconds = result.elapsedSeconds
        workers = result.phase.workers
        rate = result.phase.rate
        sampleFraction = result.sampleFraction
        stoppedEarly = result.stoppedEarly
        operations = result.activeOperations.map { kind in
            OperationRecord(kind: kind, stats: result.operations[kind] ?? OperationStats(), phase: result.phase)
        }
        timeline = result.timeline.map(TimelinePoint.init)
        sampledRequests = result.sampled.count
        unsent = result.phase.rate == nil ? nil : result.unsent
        unsentAfterStop = result.phase.rate == nil || result.stoppedAfterSeconds == nil ? nil : result.unsentAfterStop
        stoppedAfterSeconds = result.stoppedAfterSeconds
        sampled = result.sampled.map(SampledRecord.init)
    }
}
