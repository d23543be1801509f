/// The Milvus processes' CPU and memory at one instant (every pod of a cluster added up).
public struct ServerProcessMetrics: Sendable, Equatable, Codable {
    /// `process_cpu_seconds_total`: user + system CPU so far.
    public var cpuSeconds: Double
    /// `process_resident_memory_bytes`.
    public var residentBytes: Double

    public static let families: Set<String> = ["process_cpu_seconds_total", "process_resident_memory_bytes"]

    public init(cpuSeconds: Double, residentBytes: Double) {
        self.cpuSeconds = cpuSeconds
        self.residentBytes = residentBytes
    }

    /// nil when the metrics lack the process collector's series (not a Go/Prometheus process page).
    public init?(_ snapshot: MetricsSnapshot) {
        guard let cpu = snapshot.total("process_cpu_seconds_total"),
            let resident = snapshot.total("process_resident_memory_bytes")
        else {
            return nil
        }
        self.init(cpuSeconds: cpu, residentBytes: resident)
    }
}
