import Analysis
import Foundation
import Scenario
import ServerMetrics
import TraceContext
import Workload

/// Everything a run produced, as stored in run.json. Every report file is rendered from this
/// alone, so `traceload report`, `diff` and `merge` can work on finished runs.
public struct RunRecord: Codable, Sendable {
    public var formatVersion = 1
    public var tool: String
    public var scenario: Scenario
    public var environment: RunEnvironment
    public var startedAt: Date
    public var finishedAt: Date
    /// Why the run ended early, when it did (Ctrl-C, server lost); the figures cover what ran.
    public var partial: String?
    public var phases: [PhaseRecord]
    /// Notes for the reader: setup steps, warnings from trace collection.
    public var notes: [String]
    /// Where the time went, when the run was traced.
    public var tracing: TracingRecord?
    /// Where Milvus's own metrics came from ("http://host:9091/metrics", "Prometheus at ..."); nil when not read.
    public var metricsSource: String?
    /// The part of a split scenario this run was (`--segment I/N`); nil for a whole run.
    public var segment: Segment?

    public init(
        tool: String, scenario: Scenario, environment: RunEnvironment, startedAt: Date, finishedAt: Date,
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
    public var clientRequests: [ClientRequest] {
        phases.filter { !$0.warmup }.flatMap { phase in
            (phase.sampled ?? []).filter { $0.error == nil }.map {
                ClientRequest(
                    phase: phase.name, operation: $0.operation.rawValue, traceID: $0.traceID,
                    spanID: SpanID.parse($0.spanID), latencyNanos: $0.latencyNanos)
            }
        }
    }
}
