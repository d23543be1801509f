/// The Milvus processes' CPU and memory at one instant (every pod of a cluster added up).
package struct ServerProcessMetrics: Sendable, Equatable, Codable {
    /// `process_cpu_seconds_total`: user + system CPU so far.
    package var cpuSeconds: Double
    /// `process_resident_memory_bytes`.
    package var residentBytes: Double

    package static let families: Set<String> = ["process_cpu_seconds_total", "process_resident_memory_bytes"]

    package init(cpuSeconds: Double, residentBytes: Double) {
        self.cpuSeconds = cpuSeconds
        self.residentBytes = residentBytes
    }

    /// nil when the metrics lack the process collector's series (not a Go/Prometheus process page).
    package init?(_ snapshot: MetricsSnapshot) {
        guard let cpu = snapshot.total("process_cpu_seconds_total"),
            let resident = snapshot.total("process_resident_memory_bytes")
        else {
            return nil
        }
        self.init(cpuSeconds: cpu, residentBytes: resident)
    }
}
