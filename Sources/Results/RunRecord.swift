import Analysis
import Foundation
import Scenario
import ServerMetrics
import TraceContext
import Workload

/// Everything a run produced, as stored in run.json: the one seam between running and
/// reporting. Every report file is rendered from this alone, so `traceload report`, `diff` and
/// `merge` work on finished runs. Its types are this module's own, so a change elsewhere cannot
/// change the file by accident; `formatVersion` says which shape a file has.
package struct RunRecord: Codable, Sendable {
    /// The shape written today. 1: the scenario stored whole (traceload 0.1 up to 2026-12).
    package static let currentFormat = 2

    package var formatVersion = RunRecord.currentFormat
    package var tool: String
    package var scenario: ScenarioRecord
    package var environment: RunEnvironment
    package var startedAt: Date
    package var finishedAt: Date
    /// Why the run ended early, when it did (Ctrl-C, server lost); the figures cover what ran.
    package var partial: String?
    /// Why the run failed, when it did (Milvus exited, every request failed): a report whose
    /// first line says so, and the run-failed exit code.
    package var failure: String?
    package var phases: [PhaseRecord]
    /// Notes for the reader: setup steps, warnings from trace collection.
    package var notes: [String]
    /// Where the time went, when the run was traced.
    package var tracing: TracingRecord?
    /// Where Milvus's own metrics came from ("http://host:9091/metrics", "Prometheus at ..."); nil when not read.
    package var metricsSource: String?
    /// The part of a split scenario this run was (`--segment I/N`); nil for a whole run.
    package var segment: SegmentRecord?
    /// Each round's figures, when the measured phases ran more than once (`run --repeat`, or a
    /// variant of `traceload compare`): what `diff` and `compare` estimate noise from.
    package var rounds: [RoundRecord]?
    /// traceload's own CPU (user + system seconds) over the measured phases.
    package var clientCPUSeconds: Double?

    package init(
        tool: String, scenario: Scenario, environment: RunEnvironment, startedAt: Date, finishedAt: Date,
        partial: String?, phases: [PhaseRecord], notes: [String] = []
    ) {
        self.init(
            tool: tool, scenario: ScenarioRecord(scenario), environment: environment, startedAt: startedAt,
            finishedAt: finishedAt, partial: partial, phases: phases, notes: notes)
    }

    package init(
        tool: String, scenario: ScenarioRecord, environment: RunEnvironment, startedAt: Date, finishedAt: Date,
        partial: String?, phases: [PhaseRecord], notes: [String] = []
    ) {
        self.tool = tool
        self.scenario = scenario
        self.environment = environment
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.partial = partial
        self.phases = phases
        self.notes = notes
    }
}

extension RunRecord {
    /// The sampled requests of reported phases that Milvus answered, as correlation sees them.
    package var clientRequests: [ClientRequest] {
        phases.filter { !$0.warmup }.flatMap { phase in
            (phase.sampled ?? []).filter { $0.error == nil }.map {
                ClientRequest(
                    phase: phase.name, operation: $0.operation, traceID: $0.traceID,
                    spanID: SpanID.parse($0.spanID), latencyNanos: $0.latencyNanos + ($0.queuedNanos ?? 0),
                    queuedNanos: $0.queuedNanos ?? 0)
            }
        }
    }

    /// The phases that count (warm-ups run but are not reported).
    package var measuredPhases: [PhaseRecord] { phases.filter { !$0.warmup } }
}

/// One of N load generators running a scenario together (`--segment I/N`).
package struct SegmentRecord: Codable, Sendable, Equatable, CustomStringConvertible {
    package var index: Int
    package var count: Int

    package init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    package var description: String { "\(index)/\(count)" }
}
