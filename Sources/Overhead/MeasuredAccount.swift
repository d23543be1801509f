import Results
import Workload

/// Sums over the measured phases of one run.
public struct MeasuredAccount: Sendable {
    public init() {}

    public var latency = Latency.histogram()
    public var operations: [String: LatencyHistogram] = [:]
    public var requests = 0
    public var errors = 0
    public var seconds = 0.0
    public var clientCPU = 0.0
    public var serverCPU: Double? = 0
    public var serverResident: Double?
    public var spans: Int? = 0
    public var spansDropped = 0

    /// Adds a measured phase: its requests and latencies, and what it used between `before` and
    /// `after`. A figure missing at either end (no server metrics, no receiver) leaves the sum unknown.
    public mutating func add(_ result: PhaseResult, from before: ResourceSnapshot, to after: ResourceSnapshot) {
        for (kind, stats) in result.operations where stats.requests > 0 {
            latency.add(stats.histogram)
            operations[kind.rawValue, default: Latency.histogram()].add(stats.histogram)
        }
        requests += result.totalRequests
        errors += result.totalErrors
        seconds += result.elapsedSeconds
        clientCPU += after.clientCPUSeconds - before.clientCPUSeconds
        if let start = before.server, let end = after.server, let sum = serverCPU {
            serverCPU = sum + (end.cpuSeconds - start.cpuSeconds)
            serverResident = max(serverResident ?? 0, end.residentBytes)
        } else {
            serverCPU = nil
        }
        if let start = before.spans, let end = after.spans, let sum = spans {
            spans = sum + (end.received - start.received)
            spansDropped += end.dropped - start.dropped
        } else {
            spans = nil
        }
    }

    /// The run's line of the sweep; an error when no phase was measured.
    public func run(setting: CompareSetting, round: Int, partial: String?) throws -> SettingRun {
        guard requests > 0 else { throw OverheadError(message: "no measured requests (are all phases warmup?)") }
        return SettingRun(
            setting: setting, round: round, requests: requests, errors: errors, measuredSeconds: seconds,
            latency: EncodedHistogram(latency), operations: operations.mapValues(EncodedHistogram.init),
            clientCPUSeconds: clientCPU,
            serverCPUSeconds: serverCPU, serverResidentBytes: serverResident, spansReceived: spans,
            spansDropped: spansDropped, partial: partial
        )
    }
}

/// A sweep that cannot be summed up.
public struct OverheadError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
