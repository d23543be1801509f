import Analysis
import Foundation
import Scenario
import ServerMetrics
import Traces
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

    public init(tool: String, scenario: Scenario, environment: RunEnvironment, startedAt: Date, finishedAt: Date,
                partial: String?, phases: [PhaseRecord], notes: [String] = []) {
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

public struct RunEnvironment: Codable, Sendable {
    public var milvusVersion: String
    public var milvusTarget: String
    public var hostname: String
    public var cpuCores: Int
    public var memoryGiB: Double
    public var operatingSystem: String

    public init(milvusVersion: String, milvusTarget: String) {
        self.milvusVersion = milvusVersion
        self.milvusTarget = milvusTarget
        let info = ProcessInfo.processInfo
        hostname = info.hostName
        cpuCores = info.activeProcessorCount
        memoryGiB = (Double(info.physicalMemory) / 1_073_741_824 * 10).rounded() / 10
        operatingSystem = Self.osName()
    }

    static func osName() -> String {
        if let release = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8),
           let line = release.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") }) {
            return line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return ProcessInfo.processInfo.operatingSystemVersionString
    }
}

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

public struct OperationRecord: Codable, Sendable {
    public var operation: OperationKind
    public var requests: Int
    public var errors: [String: Int]
    public var errorExamples: [String: String]?
    public var rows: Int
    /// Insert batch size (rows per request); nil for other operations.
    public var batchSize: Int?
    public var histogram: EncodedHistogram

    init(kind: OperationKind, stats: OperationStats, phase: Phase) {
        operation = kind
        requests = stats.requests
        errors = stats.errors
        errorExamples = stats.errorExamples.isEmpty ? nil : stats.errorExamples
        rows = stats.rows
        batchSize = kind == .insert ? phase.insert.batch : nil
        histogram = EncodedHistogram(stats.histogram)
    }

    public var errorCount: Int { errors.values.reduce(0, +) }
}

public struct TimelinePoint: Codable, Sendable {
    public var second: Int
    public var requests: Int
    public var errors: Int
    public var p50Ms: Double
    public var p99Ms: Double
    /// The second's latencies (two significant digits), so merged runs get exact percentiles.
    public var histogram: EncodedHistogram?

    public init(second: Int, requests: Int, errors: Int, p50Ms: Double, p99Ms: Double) {
        self.second = second
        self.requests = requests
        self.errors = errors
        self.p50Ms = p50Ms
        self.p99Ms = p99Ms
    }

    init(_ bucket: TimelineBucket) {
        second = bucket.second
        requests = bucket.requests
        errors = bucket.errors
        let summary = LatencySummary(bucket.histogram)
        p50Ms = summary.p50
        p99Ms = summary.p99
        histogram = EncodedHistogram(bucket.histogram)
    }
}

/// The tracing part of a run: per operation, coverage and time per component.
public struct TracingRecord: Codable, Sendable {
    /// Where the server spans came from, e.g. "embedded OTLP receiver at 127.0.0.1:4317".
    public var source: String
    public var clientService: String
    public var serverSampleFraction: Double?
    public var breakdowns: [OperationBreakdown]
    public var receiver: SpanCollector.Counts?
    public var clientSpansDropped: Int
    public var componentMap: ComponentMap

    public init(source: String, clientService: String, serverSampleFraction: Double?, breakdowns: [OperationBreakdown],
                receiver: SpanCollector.Counts?, clientSpansDropped: Int, componentMap: ComponentMap) {
        self.source = source
        self.clientService = clientService
        self.serverSampleFraction = serverSampleFraction
        self.breakdowns = breakdowns
        self.receiver = receiver
        self.clientSpansDropped = clientSpansDropped
        self.componentMap = componentMap
    }
}

public struct SampledRecord: Codable, Sendable {
    public var traceID: TraceID
    public var spanID: String
    public var operation: OperationKind
    public var latencyNanos: UInt64
    public var error: String?

    init(_ request: SampledRequest) {
        traceID = request.traceID
        spanID = SpanID.hex(request.spanID)
        operation = request.operation
        latencyNanos = request.latencyNanos
        error = request.error
    }
}

extension RunRecord {
    /// The sampled requests of reported phases that Milvus answered, as correlation sees them.
    public var clientRequests: [ClientRequest] {
        phases.filter { !$0.warmup }.flatMap { phase in
            (phase.sampled ?? []).filter { $0.error == nil }.map {
                ClientRequest(phase: phase.name, operation: $0.operation.rawValue, traceID: $0.traceID,
                              spanID: SpanID.parse($0.spanID), latencyNanos: $0.latencyNanos)
            }
        }
    }
}
