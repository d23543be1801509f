import Foundation
import ServerMetrics

/// Reads, at a round's edges, what the round used: traceload's own CPU, the server's CPU and
/// memory, and the spans dropped on the way to the receiver.
struct ResourceProbe: Sendable {
    struct Snapshot: Sendable {
        var clientCPU: Double
        var serverCPU: Double?
        var serverResident: Double?
        var spansDropped: Int?
    }

    enum Server: Sendable {
        /// The embedded Milvus: its process, read from /proc (exact to a clock tick, and costs
        /// Milvus nothing, unlike a metrics page).
        case process(@Sendable () -> Int32)
        /// An external Milvus: its metrics (`process_cpu_seconds_total`), from its pages or a Prometheus.
        case metrics(any MetricsSource)
        case none
    }

    var server: Server
    /// The receiver's counts so far: spans received and dropped (nil without a receiver);
    /// `settled`: once what was sent before has arrived.
    var spans: @Sendable (_ settled: Bool) async -> (received: Int, dropped: Int)?
    /// Spans the client's exporter dropped so far.
    var clientDropped: @Sendable () -> Int

    /// The embedded Milvus's CPU seconds now, for its idle rate (nil for an external one: a
    /// metrics page is not read more often than it changes).
    func serverCPUNow() -> Double? {
        guard case .process(let pid) = server else { return nil }
        return ProcessCPU.of(pid: pid())
    }

    func snapshot(settled: Bool = false) async -> Snapshot {
        var snapshot = Snapshot(clientCPU: HostCPU.processSeconds())
        switch server {
        case .process(let pid):
            snapshot.serverCPU = ProcessCPU.of(pid: pid())
            snapshot.serverResident = ProcessCPU.resident(pid: pid())
        case .metrics(let source):
            _ = await source.waitUntilCurrent(after: Date(), limit: .seconds(60))
            if let metrics = (try? await source.snapshot(ServerProcessMetrics.families)).flatMap(
                ServerProcessMetrics.init)
            {
                snapshot.serverCPU = metrics.cpuSeconds
                snapshot.serverResident = metrics.residentBytes
            }
        case .none:
            break
        }
        if let counts = await spans(settled) {
            snapshot.spansDropped = counts.dropped + clientDropped()
        }
        return snapshot
    }
}
