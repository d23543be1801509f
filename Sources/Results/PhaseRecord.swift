import Foundation
import ServerMetrics
import Workload

/// What one phase measured, as run.json keeps it.
package struct PhaseRecord: Codable, Sendable {
    package var name: String
    package var warmup: Bool
    package var startedAt: Date
    package var elapsedSeconds: Double
    package var workers: Int
    /// Open-loop target rate (requests per second) at the start and end of the phase; nil = closed loop.
    package var rate: RateRecord?
    package var sampleFraction: Double
    package var stoppedEarly: String?
    package var operations: [OperationRecord]
    package var timeline: [TimelinePoint]
    package var sampledRequests: Int
    /// Open loop: requests due before the phase ended (or was stopped) that were not sent: the
    /// server fell behind the rate.
    package var unsent: Int?
    /// Open loop: scheduled requests not sent because the run was stopped (Ctrl-C, a fatal error).
    package var unsentAfterStop: Int?
    /// Seconds into the phase at which the run was stopped.
    package var stoppedAfterSeconds: Double?
    /// The sampled requests themselves, so the run can be correlated again with another trace source.
    package var sampled: [SampledRecord]?
    /// What Milvus's own metrics say of the phase: its stages and a per-second server timeline.
    package var server: PhaseServerMetrics?
    /// traceload's own CPU (user + system seconds) during the phase.
    package var clientCPUSeconds: Double?
    /// A point of a search-parameter sweep (`params: { ef: [16, 32, 64] }`): its curve and value.
    package var curve: CurvePointRecord?

    package init(_ result: PhaseResult) {
        name = result.phase.name
        warmup = result.phase.warmup
        startedAt = Date(timeIntervalSince1970: Double(result.startUnixNanos) / 1e9)
        elapsedSeconds = result.elapsedSeconds
        workers = result.phase.workers
        rate = result.phase.rate.map { RateRecord(start: $0.start, end: $0.end) }
        sampleFraction = result.sampleFraction
        stoppedEarly = result.stoppedEarly?.description
        operations = result.activeOperations.map { kind in
            OperationRecord(
                operation: kind.rawValue, stats: result.operations[kind] ?? OperationStats(),
                batchSize: kind == .insert ? result.phase.insert.batch : nil)
        }
        timeline = result.timeline.map(TimelinePoint.init)
        sampledRequests = result.sampled.count
        unsent = result.phase.rate == nil ? nil : result.unsent
        unsentAfterStop = result.phase.rate == nil || result.stoppedAfterSeconds == nil ? nil : result.unsentAfterStop
        stoppedAfterSeconds = result.stoppedAfterSeconds
        sampled = result.sampled.map(SampledRecord.init)
        curve = result.phase.curve.map {
            CurvePointRecord(group: $0.group, parameter: $0.parameter, value: $0.value)
        }
    }

    /// A phase known only by its name (traffic read from traces: no timeline, no operations).
    package init(traced name: String) {
        self.name = name
        warmup = false
        startedAt = Date(timeIntervalSince1970: 0)
        elapsedSeconds = 0
        workers = 0
        sampleFraction = 1
        operations = []
        timeline = []
        sampledRequests = 0
    }

    package var totalRequests: Int { operations.reduce(0) { $0 + $1.requests } }
    package var totalErrors: Int { operations.reduce(0) { $0 + $1.errorCount } }
}

/// One value of a swept search parameter.
package struct CurvePointRecord: Codable, Sendable, Equatable {
    package var group: String
    package var parameter: String
    package var value: String

    package init(group: String, parameter: String, value: String) {
        self.group = group
        self.parameter = parameter
        self.value = value
    }
}

/// An open-loop rate, constant or a ramp from `start` to `end` requests per second.
package struct RateRecord: Codable, Sendable, Equatable {
    package var start: Double
    package var end: Double

    package init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }
}
