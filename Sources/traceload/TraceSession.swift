import Analysis
import EmbeddedMilvus
import Foundation
import Report
import Scenario
import Telemetry
import Traces
import Workload

/// Everything tracing needs during a run: the embedded receiver and its collector, the client's
/// span exporter, and the per-phase correlation of sampled requests with server spans.
final class TraceSession: @unchecked Sendable {
    let spec: TracingSpec
    let collector = SpanCollector()
    let receiver: OTLPReceiver
    let port: Int
    let host: String
    private var receiverTask: Task<Void, Error>?
    private(set) var client: ClientTracing?
    private var clientTask: Task<Void, Never>?
    private(set) var breakdowns: [OperationBreakdown] = []
    let map: ComponentMap

    /// Starts the receiver; `embedded` picks a free port unless the scenario names one.
    init(spec: TracingSpec, embedded: Bool) async throws {
        self.spec = spec
        host = spec.receiverHost ?? (embedded ? "127.0.0.1" : "0.0.0.0")
        let wanted = spec.receiverPort ?? (embedded ? (freeLoopbackPort() ?? 4317) : 4317)
        let forward = spec.forwardTo.flatMap(parseHostPort)
        receiver = try OTLPReceiver(collector: collector, host: host, port: wanted, forwardTo: forward)
        map = ComponentMap.milvusDefaults.extended(with: spec.components.map {
            ComponentMap.Rule(service: $0.service, prefix: $0.prefix, suffix: $0.suffix, component: $0.component)
        })
        let receiver = self.receiver
        receiverTask = Task { try await receiver.run() }
        do {
            port = try await receiver.boundPort()
        } catch {
            receiver.stop()
            throw TraceSessionError(message: "the OTLP receiver cannot listen on \(host):\(wanted): \(error) (set tracing.receiver.port)")
        }
    }

    /// The receiver as Milvus should be told of it (TRACE_OTLP_ENDPOINT).
    var endpointForMilvus: String { "127.0.0.1:\(port)" }

    /// Milvus's tracing settings for the embedded server: export to our receiver at the
    /// scenario's server fraction.
    var milvusEnvironment: [String: String] {
        ["TRACE_EXPORTER": "otlp", "TRACE_OTLP_ENDPOINT": endpointForMilvus, "TRACE_OTLP_SECURE": "false",
         "TRACE_SAMPLEFRACTION": String(spec.serverSampleFraction)]
    }

    /// Bootstraps client spans (exported to the receiver unless OTEL_EXPORTER_OTLP_* says otherwise).
    func startClient() throws -> any RequestTracer {
        let tracing = try ClientTracing(serviceName: spec.serviceName, endpoint: "http://127.0.0.1:\(port)")
        client = tracing
        clientTask = Task { try? await tracing.run() }
        return tracing.tracer(collector: collector)
    }

    var clientService: String { client?.serviceName ?? spec.serviceName }

    /// Waits for the phase's server spans, attributes its sampled requests, frees their spans.
    func analyse(_ result: PhaseResult) async {
        let ids = result.sampled.map(\.traceID)
        defer { collector.release(ids) }
        guard !result.phase.warmup else { return }
        let answered = result.sampled.filter { $0.error == nil }
        guard !answered.isEmpty else { return }
        log("collecting server spans of \(answered.count) sampled requests")
        await collector.settle(traceIDs: answered.map(\.traceID), clientService: clientService)
        let traces = collector.spans(of: answered.map(\.traceID))
        let requests = answered.map {
            ClientRequest(phase: result.phase.name, operation: $0.operation.rawValue, traceID: $0.traceID, spanID: $0.spanID, latencyNanos: $0.latencyNanos)
        }
        let counts = collector.counts
        let evidence = TraceEvidence(foreignSpans: counts.foreign, foreignRoots: counts.foreignRoots, lost: counts.dropped)
        let phaseBreakdowns = Breakdown.build(requests: requests, traces: traces, clientService: clientService, map: map, evidence: evidence)
        for b in phaseBreakdowns {
            log("\(b.phase)/\(b.operation): \(b.coverage.joined) of \(b.coverage.sampled) sampled requests joined to server spans")
        }
        breakdowns += phaseBreakdowns
    }

    func record(serverFraction: Double?) -> TracingRecord {
        TracingRecord(source: "embedded OTLP receiver at \(host):\(port)", clientService: clientService, serverSampleFraction: serverFraction,
                      breakdowns: breakdowns, receiver: collector.counts, clientSpansDropped: client?.droppedSpans ?? 0, componentMap: map)
    }

    /// Flushes client spans, then stops the receiver.
    func shutdown() async {
        if let client {
            await client.shutdown()
            await clientTask?.value
        }
        receiver.stop()
        _ = await receiverTask?.result
    }
}

struct TraceSessionError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
