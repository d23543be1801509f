import Analysis
import EmbeddedMilvus
import Foundation
import Results
import Scenario
import Telemetry
import TraceContext
import Traces
import Workload

/// Where a server's spans go and come from (traceload's own OTLP receiver, in this process or in a
/// `traceload receive` child, or a Jaeger or a Tempo) and, per phase, what they say: collected
/// once the phase's traces stop growing, then correlated.
struct TraceSession: Sendable {
    enum Source: Sendable {
        case receiver(OTLPReceiver, http: OTLPHTTPReceiver, host: String, port: Int)
        /// A comparison receives in a process of its own, so that receiving does not count as the
        /// load generator's CPU; it counts spans, it keeps none.
        case child(ReceiverProcess, host: String)
        case store(any TraceStore, otlpEndpoint: String, deadline: Double)
    }

    let spec: TracingSpec
    let source: Source
    let collector: SpanCollector
    let map: ComponentMap
    let serving: Task<Void, Error>?

    /// Starts the receiver, unless the scenario reads spans from a trace store: in this process,
    /// or as a `traceload receive` child of `receiverExecutable`. `tallyStarts` counts spans by
    /// when they started (a comparison's spans per block).
    static func start(
        spec: TracingSpec, store storeSpec: TraceStoreSpec?, embedded: Bool, receiverExecutable: String? = nil,
        tallyStarts: Bool = false
    ) async throws -> TraceSession {
        let collector = SpanCollector(tallyStarts: tallyStarts)
        let map = Correlation.componentMap(spec.components)
        if let storeSpec {
            return TraceSession(
                spec: spec,
                source: .store(
                    try Self.store(storeSpec), otlpEndpoint: storeSpec.otlpEndpoint,
                    deadline: storeSpec.deadlineSeconds),
                collector: collector, map: map, serving: nil)
        }
        // An embedded Milvus sends from this machine: listen on loopback, on free ports. An
        // external one must reach us: every interface, OTLP's ports. The scenario's settings win.
        let host = spec.receiverHost ?? (embedded ? "127.0.0.1" : "0.0.0.0")
        let httpPort = spec.receiverHTTPPort ?? (embedded ? 0 : 4318)
        if let receiverExecutable {
            let process = try await ReceiverProcess.start(
                executable: receiverExecutable, host: host, port: spec.receiverPort ?? (embedded ? 0 : 4317),
                httpPort: httpPort, forwardTo: spec.forwardTo)
            return TraceSession(
                spec: spec, source: .child(process, host: host), collector: collector, map: map, serving: nil)
        }
        // A free port found here can be taken by another process before the receiver binds it:
        // then another, a few times, unless the scenario named the port.
        var attempt = 0
        var receiver: OTLPReceiver
        var serving: Task<Void, any Error>
        let port: Int
        while true {
            attempt += 1
            let wanted = spec.receiverPort ?? (embedded ? (freeLoopbackPort() ?? 4317) : 4317)
            receiver = try OTLPReceiver(
                collector: collector, host: host, port: wanted, forwardTo: spec.forwardTo.flatMap(parseHostPort))
            let started = receiver
            serving = Task { try await started.run() }
            do {
                port = try await receiver.boundPort()
                break
            } catch {
                receiver.stop()
                _ = await serving.result
                guard spec.receiverPort == nil && embedded && attempt < 5 else {
                    throw EngineError(
                        "the OTLP receiver cannot listen on \(host):\(wanted): \(error) (set tracing.receiver.port)")
                }
            }
        }
        let http: OTLPHTTPReceiver
        do {
            http = try OTLPHTTPReceiver(
                collector: collector, host: host, port: httpPort, forward: receiver.httpForward)
        } catch {
            receiver.stop()
            _ = await serving.result
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
        case .child(let process, let host):
            "OTLP receiver of its own (traceload receive) at \(host):\(process.grpcPort) (gRPC), :\(process.httpPort) (HTTP)"
        case .store(let store, _, _): store.description
        }
    }

    /// Where OTLP/gRPC spans should go from this machine: the receiver, or the trace store's collector.
    var otlpEndpoint: String {
        switch source {
        case .receiver(_, _, _, let port): "http://127.0.0.1:\(port)"
        case .child(let process, _): "http://127.0.0.1:\(process.grpcPort)"
        case .store(_, let endpoint, _): endpoint
        }
    }

    /// Where a Milvus elsewhere should send its spans (HOST:PORT): the receiver's address as another
    /// machine reaches it (this host's name when it listens on every interface), or the store's collector.
    var remoteEndpoint: String {
        func reachable(_ host: String) -> String { host == "0.0.0.0" || host == "::" ? ProcessInfo.processInfo.hostName : host }
        switch source {
        case .receiver(_, _, let host, let port): return "\(reachable(host)):\(port)"
        case .child(let process, let host): return "\(reachable(host)):\(process.grpcPort)"
        case .store(_, let endpoint, _): return Self.hostPort(endpoint)
        }
    }

    static func hostPort(_ url: String) -> String {
        url.replacingOccurrences(of: "http://", with: "").replacingOccurrences(of: "https://", with: "")
    }

    /// Milvus's tracing settings for the embedded server.
    var milvusEnvironment: [String: String] {
        EmbeddedMilvus.tracingEnvironment(endpoint: Self.hostPort(otlpEndpoint), sampleFraction: spec.serverSampleFraction)
    }

    /// Client spans, exported to `otlpEndpoint` unless OTEL_EXPORTER_OTLP_* says otherwise; the
    /// receiver learns every trace id the tracer starts.
    func startClient() throws -> ClientExport {
        let export = try ClientExport.start(serviceName: spec.serviceName, endpoint: otlpEndpoint)
        guard case .receiver = source, !collector.tallyStarts else { return export }
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
        case .child:
            return PhaseTraces()
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

    /// Spans received and dropped so far (nil from a trace store); `settled`: once what was sent
    /// before has arrived.
    func spanCounts(settled: Bool) async -> (received: Int, dropped: Int)? {
        switch source {
        case .receiver:
            let counts = collector.counts
            return (counts.received, counts.dropped)
        case .child(let process, _): return await process.settledCounts()
        case .store: return nil
        }
    }

    /// The spans received so far that started between `from` and `to` (Unix nanoseconds); nil
    /// when they cannot be counted (a trace store; a receiver that does not tally starts).
    func spansStarted(from: UInt64, to: UInt64) async -> Int? {
        switch source {
        case .receiver: collector.tallyStarts ? collector.spansStarted(from: from, to: to) : nil
        case .child(let process, _): await process.spansStarted(from: from, to: to)
        case .store: nil
        }
    }

    /// Stops the receiver.
    func shutdown() async {
        switch source {
        case .receiver(let receiver, let http, _, _):
            http.stop()
            receiver.stop()
            _ = await serving?.result
        case .child(let process, _):
            process.stop()
        case .store:
            break
        }
    }
}

/// One phase's spans, and what went wrong collecting them.
struct PhaseTraces: Sendable {
    var spans: [Span] = []
    var problems: [String] = []
    var warnings: [String] = []
}
