import Foundation
import Report
import Results
import Workload

/// What one run of one setting measured, over the scenario's measured (non-warmup) phases.
public struct SettingRun: Sendable, Codable {
    public var setting: CompareSetting
    public var round: Int
    public var requests: Int
    public var errors: Int
    public var measuredSeconds: Double
    /// Latency of every measured request, all operations merged.
    public var latency: EncodedHistogram
    public var operations: [String: EncodedHistogram]
    /// CPU (user + system) of the traceload process during the measured phases.
    public var clientCPUSeconds: Double
    /// CPU of the Milvus process during the measured phases; nil without its metrics page.
    public var serverCPUSeconds: Double?
    /// Highest resident memory of the Milvus process seen at a phase boundary.
    public var serverResidentBytes: Double?
    /// Spans (client and server) that reached traceload's receiver during the measured phases.
    public var spansReceived: Int?
    /// Spans the client's exporter dropped, and spans the receiver could not take.
    public var spansDropped: Int
    /// Set when the run was cut short; its figures cover what ran.
    public var partial: String?

    public init(
        setting: CompareSetting, round: Int, requests: Int, errors: Int, measuredSeconds: Double,
        latency: EncodedHistogram,
        operations: [String: EncodedHistogram], clientCPUSeconds: Double, serverCPUSeconds: Double?,
        serverResidentBytes: Double?,
        spansReceived: Int?, spansDropped: Int, partial: String? = nil
    ) {
        self.setting = setting
        self.round = round
        self.requests = requests
        self.errors = errors
        self.measuredSeconds = measuredSeconds
        self.latency = latency
        self.operations = operations
        self.clientCPUSeconds = clientCPUSeconds
        self.serverCPUSeconds = serverCPUSeconds
        self.serverResidentBytes = serverResidentBytes
        self.spansReceived = spansReceived
        self.spansDropped = spansDropped
        self.partial = partial
    }

    public var throughput: Double { measuredSeconds > 0 ? Double(requests) / measuredSeconds : 0 }
    /// Milliseconds of CPU per request = CPU seconds per 1,000 requests.
    public var clientCPUMsPerRequest: Double { requests > 0 ? clientCPUSeconds * 1000 / Double(requests) : .nan }
    public var serverCPUMsPerRequest: Double? {
        serverCPUSeconds.map { requests > 0 ? $0 * 1000 / Double(requests) : .nan }
    }
    public var spansPerSecond: Double? { spansReceived.map { measuredSeconds > 0 ? Double($0) / measuredSeconds : 0 } }
    public var p99Ms: Double { (try? LatencySummary(latency.decode()).p99) ?? .nan }
}
