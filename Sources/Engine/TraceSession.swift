import Analysis
import EmbeddedMilvus
import Foundation
import Results
import Scenario
import Telemetry
import TraceContext
import Traces
import Workload

/// Where a run's server spans come from (traceload's own OTLP receiver, a Jaeger or a Tempo) and, per
/// phase, what they say: collected once the phase's traces stop growing, then correlated.
struct TraceSession: Sendable {
    enum Source: Sendable {
        case receiver(OTLPReceiver, http: OTLPHTTPReceiver, host: String, port: Int)
        case store(any TraceStore, otlpEndpoint: String, deadline: Double)
    }

    let spec: TracingSpec
    let source: Source
    let collector: SpanCollector
    let map: ComponentMap
    let serving: Task<Void, Error>?

    /// Starts the receiver, unless the scenario reads spans from a trace store.
    static func start(spec: TracingSpec, store storeSpec: TraceStoreSpec?, embedded: Bool) async throws -> TraceSession {
        let collector = SpanCollector()
        let map = Correlation.componentMap(spec.components)
        if let storeSpec {
            return TraceSession(
                spec: spec,
                source: .store(
                    try Self.store(storeSpec), otlpEndpoint: storeSpec.otlpEndpoint,
                    deadline: storeSpec.deadlineSeconds),
                collector: collector, map: map, serving: nil)
        }
        let host = spec.receiverHost ?? (embedded ? "127.0.0.1" : "0.0.0.0")
        let wanted = spec.receiverPort ?? (embedded ? (freeLoopbackPort() ?? 4317) : 4317)
        let receiver = try OTLPReceiver(
            collector: collector, host: host, port: wanted, forwardTo: spec.forwardTo.flatMap(parseHostPort))
        let serving = Task { try await receiver.run() }
        let port: Int
        do {
            port = try await receiver.boundPort()
        } catch {
            receiver.stop()
            throw EngineError(
                "the OTLP receiver cannot listen on \(host):\(wanted): \(error) (set tracing.receiver.port)")
        }
        let http: OTLPHTTPReceiver
        do {
            http = try OTLPHTTPReceiver(
                collector: collector, host: host, port: spec.receiverHTTPPort ?? (embedded ? 0 : 4318),
                forward: receiver.httpForward)
        } catch {
            receiver.stop()
            throw EngineError("\(error) (set tracing.receiver.httpPort)")
        }
        return TraceSession(
            spec: spec, source: .receiver(receiver, http: http, host: host, port: port), collector: collector,
            map: map, serving: serving)
    }

    /// The Jaeger or Tempo a scenario names.
    static func store(_ spec: TraceStoreSpec) throws -> any TraceStore {
        let authorization = try spec.authorization?.resolve()
        switch spec.kind {
        case .jaeger:
            return JaegerSource(
                baseURL: spec.url, api: JaegerSource.API(rawValue: spec.api) ?? .auto, authorization: authorization)
        case .tempo:
            return TempoSource(
                baseURL: spec.url, api: TempoSource.API(rawValue: spec.api) ?? .v1, authorization: authorization,
                tenant: spec.tenant)
        }
    }

    var description: String {
        switch source {
        case .receiver(_, let http, let host, let port):
            "embedded OTLP receiver at \(host):\(port) (gRPC), :\(http.port) (HTTP)"
        case .store(let store, _, _): store.description
        }
    }

    /// Where OTLP/gRPC spans should go: the receiver, or the trace store's collector.
    var otlpEndpoint: String {
        switch source {
        case .receiver(_, _, _, let port): "http://127.0.0.1:\(port)"
        case .store(_, let endpoint, _): endpoint
        }
    }

    /// Milvus's tracing settings for the embedded server.
    var milvusEnvironment: [String: String] {
        let endpoint = otlpEndpoint.replacingOccurrences(of: "http://", with: "").replacingOccurrences(
            of: "https://", with: "")
        return EmbeddedMilvus.tracingEnvironment(endpoint: endpoint, sampleFraction: spec.serverSampleFraction)
    }

    /// Client spans, exported to `otlpEndpoint` unless OTEL_EXPORTER_OTLP_* says otherwise; the
    /// receiver learns every trace id the tracer starts.
    func startClient() throws -> ClientExport {
        let export = try ClientExport.start(serviceName: spec.serviceName, endpoint: otlpEndpoint)
        guard case .receiver = source else { return export }
        let collector = collector
        return export.expecting { collector.expect($0) }
    }

    /// Collects the server spans of the phase's sampled requests (once they stop growing), then
    /// frees them in the receiver. Waiting for late spans ends early when the run is hurried (a
    /// second Ctrl-C). Correlation comes once the run is over (`Correlation`), over every phase.
    func collect(_ result: PhaseResult, clientService: String, control: RunControl, observer: EngineObserver) async
        -> PhaseTraces
    {
        let ids = result.sampled.map(\.traceID)
        defer { collector.release(ids) }
        let answered = result.sampled.filter { $0.error == nil }.map(\.traceID)
        guard !result.phase.warmup, !answered.isEmpty else { return PhaseTraces() }
        observer(.log("collecting server spans of \(answered.count) sampled requests from \(description)"))
        var out = PhaseTraces()
        var traces: [TraceID: [Span]] = [:]
        switch source {
        case .receiver:
            if !control.isHurried {
                _ = await Self.unlessHurried(control) {
                    await collector.settle(
                        traceIDs: answered, quiet: .seconds(spec.quietSeconds),
                        limit: .seconds(spec.collectDeadlineSeconds))
                }
            }
            traces = collector.spans(of: answered)
        case .store(let store, _, let deadline):
            let collection = await Self.unlessHurried(control) {
                await store.collect(
                    traceIDs: answered, clientService: clientService, deadline: .seconds(deadline),
                    quiet: .seconds(spec.quietSeconds))
            }
            traces = collection?.traces ?? [:]
            out.problems = collection?.problems ?? ["the fetch was cut short by a second Ctrl-C"]
            let missing = collection?.missing.count ?? answered.count
            if missing > 0 {
                let problems = out.problems.prefix(2).joined(separator: "; ")
                out.warnings.append(
                    "\(store.description) returned no server spans for \(missing) of \(answered.count) sampled requests of phase \(result.phase.name)"
                        + (problems.isEmpty ? "" : " (\(problems))"))
            }
        }
        if control.isHurried {
            out.warnings.append("late spans of phase \(result.phase.name) were not waited for (a second Ctrl-C)")
        }
        out.spans = Array(traces.values.joined())
        let joined = traces.values.filter { $0.contains { $0.service != clientService } }.count
        observer(.log("\(result.phase.name): \(joined) of \(answered.count) sampled requests have server spans"))
        return out
    }

    /// What the trace source saw outside the run's traces, for the diagnosis of missing spans.
    func evidence(problems: [String]) -> TraceEvidence {
        var evidence = TraceEvidence()
        if case .receiver = source {
            let counts = collector.counts
            evidence = TraceEvidence(
                foreignSpans: counts.foreign, foreignRoots: counts.foreignRoots, lost: counts.dropped)
        }
        evidence.sourceProblems = problems
        return evidence
    }

    /// `work`, or nil as soon as the run is hurried.
    static func unlessHurried<T: Sendable>(_ control: RunControl, _ work: @escaping @Sendable () async -> T) async
        -> T?
    {
        await withTaskGroup(of: T?.self) { group in
            group.addTask { await work() }
            group.addTask {
                await control.waitUntilHurried()
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// What the receiver took in (nil when spans came from a trace store).
    var receiverCounts: ReceiverCounts? {
        guard case .receiver = source else { return nil }
        let counts = collector.counts
        return ReceiverCounts(
            received: counts.received, kept: counts.kept, foreign: counts.foreign, dropped: counts.dropped,
            malformed: counts.malformed, foreignRoots: counts.foreignRoots)
    }

    /// Stops the receiver.
    func shutdown() async {
        if case .receiver(let receiver, let http, _, _) = source {
            http.stop()
            receiver.stop()
            _ = await serving?.result
        }
    }
}

/// One phase's spans, and what went wrong collecting them.
struct PhaseTraces: Sendable {
    var spans: [Span] = []
    var problems: [String] = []
    var warnings: [String] = []
}

/// traceload's own client spans and the loop that exports them.
struct ClientExport: Sendable {
    let tracing: ClientTracing
    let task: Task<Void, Never>
    var onStart: (@Sendable (TraceID) -> Void)?

    static func start(serviceName: String, endpoint: String) throws -> ClientExport {
        let tracing = try ClientTracing(serviceName: serviceName, endpoint: endpoint)
        return ClientExport(tracing: tracing, task: Task { try? await tracing.run() }, onStart: nil)
    }

    func expecting(_ onStart: @escaping @Sendable (TraceID) -> Void) -> ClientExport {
        var copy = self
        copy.onStart = onStart
        return copy
    }

    var tracer: any RequestTracer { tracing.tracer(onStart: onStart) }
    var serviceName: String { tracing.serviceName }
    var droppedSpans: Int { tracing.droppedSpans }

    /// Flushes what is buffered, then stops.
    func shutdown() async {
        await tracing.shutdown()
        await task.value
    }
}
