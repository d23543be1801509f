import Analysis
import EmbeddedMilvus
import Foundation
import Report
import Results
import Scenario
import Telemetry
import TraceContext
import Traces
import Workload

/// Everything tracing needs during a run: where server spans come from (the embedded receiver or
/// a Jaeger), the client's span exporter, and the per-phase correlation.
final class TraceSession: @unchecked Sendable {
    enum Source {
        case receiver(OTLPReceiver, host: String, port: Int)
        case jaeger(JaegerSource, otlpEndpoint: String, deadline: Double)
    }

    let spec: TracingSpec
    let source: Source
    let collector = SpanCollector()
    let map: ComponentMap
    private var receiverTask: Task<Void, Error>?
    private var httpReceiver: OTLPHTTPReceiver?
    private(set) var client: ClientTracing?
    private var clientTask: Task<Void, Never>?
    private(set) var breakdowns: [OperationBreakdown] = []
    private(set) var warnings: [String] = []
    /// The spans of the sampled traces, kept for spans.jsonl (bounded by the sample).
    private(set) var keptSpans: [Span] = []

    /// Starts the receiver, unless the scenario reads spans from Jaeger.
    init(spec: TracingSpec, jaeger: JaegerSpec?, embedded: Bool) async throws {
        self.spec = spec
        map = ComponentMap.milvusDefaults.extended(with: spec.components)
        if let jaeger {
            let api = JaegerSource.API(rawValue: jaeger.api) ?? .auto
            source = .jaeger(
                JaegerSource(baseURL: jaeger.url, api: api, authorization: try jaeger.authorization?.resolve()),
                otlpEndpoint: jaeger.otlpEndpoint, deadline: jaeger.deadlineSeconds)
            return
        }
        let host = spec.receiverHost ?? (embedded ? "127.0.0.1" : "0.0.0.0")
        let wanted = spec.receiverPort ?? (embedded ? (freeLoopbackPort() ?? 4317) : 4317)
        let receiver = try OTLPReceiver(
            collector: collector, host: host, port: wanted, forwardTo: spec.forwardTo.flatMap(parseHostPort))
        receiverTask = Task { try await receiver.run() }
        do {
            source = .receiver(receiver, host: host, port: try await receiver.boundPort())
        } catch {
            receiver.stop()
            throw SessionError(
                message: "the OTLP receiver cannot listen on \(host):\(wanted): \(error) (set tracing.receiver.port)")
        }
        do {
            httpReceiver = try OTLPHTTPReceiver(
                collector: collector, host: host, port: spec.receiverHTTPPort ?? (embedded ? 0 : 4318))
        } catch {
            receiver.stop()
            throw SessionError(message: "\(error) (set tracing.receiver.httpPort)")
        }
    }

    var description: String {
        switch source {
        case .receiver(_, let host, let port):
            "embedded OTLP receiver at \(host):\(port) (gRPC), :\(httpReceiver?.port ?? 0) (HTTP)"
        case .jaeger(let jaeger, _, _): "Jaeger at \(jaeger.baseURL)"
        }
    }

    /// Where OTLP/gRPC spans should go: the receiver, or the Jaeger's collector.
    var otlpEndpoint: String {
        switch source {
        case .receiver(_, _, let port): "http://127.0.0.1:\(port)"
        case .jaeger(_, let endpoint, _): endpoint
        }
    }

    /// Milvus's tracing settings for the embedded server (environment overrides milvus.yaml).
    var milvusEnvironment: [String: String] {
        let endpoint = otlpEndpoint.replacingOccurrences(of: "http://", with: "").replacingOccurrences(
            of: "https://", with: "")
        return [
            "TRACE_EXPORTER": "otlp", "TRACE_OTLP_ENDPOINT": endpoint, "TRACE_OTLP_SECURE": "false",
            "TRACE_SAMPLEFRACTION": String(spec.serverSampleFraction),
        ]
    }

    /// Bootstraps client spans (exported to `otlpEndpoint` unless OTEL_EXPORTER_OTLP_* says otherwise).
    func startClient() throws -> any RequestTracer {
        let tracing = try ClientTracing(serviceName: spec.serviceName, endpoint: otlpEndpoint)
        client = tracing
        clientTask = Task { try? await tracing.run() }
        guard case .receiver = source else { return tracing.tracer() }
        let collector = collector
        return tracing.tracer(onStart: { collector.expect($0) })
    }

    var clientService: String { client?.serviceName ?? spec.serviceName }

    /// Collects the phase's server spans, attributes its sampled requests, frees their spans.
    func analyse(_ result: PhaseResult) async {
        let ids = result.sampled.map(\.traceID)
        defer { collector.release(ids) }
        guard !result.phase.warmup else { return }
        let answered = result.sampled.filter { $0.error == nil }
        guard !answered.isEmpty else { return }
        let answeredIDs = answered.map(\.traceID)
        log("collecting server spans of \(answered.count) sampled requests from \(description)")
        let traces: [TraceID: [Span]]
        var evidence = TraceEvidence()
        switch source {
        case .receiver:
            await collector.settle(
                traceIDs: answeredIDs, quiet: .seconds(spec.quietSeconds), limit: .seconds(spec.collectDeadlineSeconds))
            traces = collector.spans(of: answeredIDs)
            let counts = collector.counts
            evidence = TraceEvidence(
                foreignSpans: counts.foreign, foreignRoots: counts.foreignRoots, lost: counts.dropped)
        case .jaeger(let jaeger, _, let deadline):
            // The client's own spans may still sit in its exporter's queue; they are not needed here.
            let collection = await jaeger.collect(
                traceIDs: answeredIDs, clientService: clientService, deadline: .seconds(deadline),
                quiet: .seconds(spec.quietSeconds))
            traces = collection.traces
            evidence.sourceProblems = collection.problems
            if !collection.missing.isEmpty {
                let warning =
                    "Jaeger returned no server spans for \(collection.missing.count) of \(answeredIDs.count) sampled requests of phase \(result.phase.name)"
                    + (collection.problems.isEmpty ? "" : " (\(collection.problems.prefix(2).joined(separator: "; ")))")
                warnings.append(warning)
                log("warning: \(warning)")
            }
        }
        keptSpans += traces.values.joined()
        let requests = answered.map {
            ClientRequest(
                phase: result.phase.name, operation: $0.operation.rawValue, traceID: $0.traceID, spanID: $0.spanID,
                latencyNanos: $0.latencyNanos)
        }
        let phaseBreakdowns = Breakdown.build(
            requests: requests, traces: traces, clientService: clientService, map: map, evidence: evidence)
        for b in phaseBreakdowns {
            log(
                "\(b.phase)/\(b.operation): \(b.coverage.joined) of \(b.coverage.sampled) sampled requests joined to server spans"
            )
        }
        breakdowns += phaseBreakdowns
    }

    func record(serverFraction: Double?) -> TracingRecord {
        var receiverCounts: ReceiverCounts?
        if case .receiver = source {
            let counts = collector.counts
            receiverCounts = ReceiverCounts(
                received: counts.received, kept: counts.kept, foreign: counts.foreign, dropped: counts.dropped,
                malformed: counts.malformed, foreignRoots: counts.foreignRoots)
        }
        return TracingRecord(
            source: description, clientService: clientService, serverSampleFraction: serverFraction,
            breakdowns: breakdowns, receiver: receiverCounts, clientSpansDropped: client?.droppedSpans ?? 0,
            componentMap: map)
    }

    /// Flushes client spans, then stops the receiver.
    func shutdown() async {
        if let client {
            await client.shutdown()
            await clientTask?.value
        }
        httpReceiver?.stop()
        if case .receiver(let receiver, _, _) = source {
            receiver.stop()
            _ = await receiverTask?.result
        }
    }
}
