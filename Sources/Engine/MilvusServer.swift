import EmbeddedMilvus
import Foundation
import Results
import Scenario
import ServerMetrics
import Setup
import Synchronization
import Workload

/// One Milvus the engine measures, through its whole life: reached or started (the embedded one,
/// with its tracing pointed at the trace session), watched for a crash, its collection prepared
/// (raced against a stop), its spans received or fetched, its metrics and CPU read, and stopped.
/// `run` uses one; `compare` one per server group. Nothing about a server's life is written
/// anywhere else.
final class MilvusServer: Sendable {
    struct Options: Sendable {
        /// Where the embedded Milvus keeps its data and logs; nil: a temporary directory.
        var directory: String?
        /// Keep its data afterwards (the user named the directory); otherwise it is removed after
        /// a clean run, and a failed one keeps only its logs.
        var keepsData = false
        /// After a crash, start Milvus again on its data (`onError: continue`); otherwise a crash
        /// stops the engine.
        var restartAfterCrash = false
        /// This traceload, to receive spans in a `traceload receive` child (its CPU is then not
        /// counted as the load generator's); nil receives in this process.
        var receiverExecutable: String?
        /// Count spans by when they started (a comparison's spans per block).
        var tallyStarts = false
        /// How long to keep trying to connect (an external Milvus may be restarting).
        var patienceSeconds = 0.0
    }

    /// The scenario it was started and prepared with.
    let scenario: Scenario
    let options: Options
    /// Where its spans go (nil: the scenario traces nothing).
    let traces: TraceSession?
    /// traceload's client spans, to the same place (nil without tracing).
    let client: ClientExport?
    /// The scenario's vector files, opened (nil: generated vectors).
    let dataset: LoadedDataset?
    /// The embedded Milvus's watch (nil for an external one).
    let watch: ServerWatch?
    private let current: Mutex<MilvusSession>

    private init(
        scenario: Scenario, options: Options, traces: TraceSession?, client: ClientExport?, dataset: LoadedDataset?,
        watch: ServerWatch?, session: MilvusSession
    ) {
        self.scenario = scenario
        self.options = options
        self.traces = traces
        self.client = client
        self.dataset = dataset
        self.watch = watch
        current = Mutex(session)
    }

    /// The connected client (a new one after `reconnect`).
    var session: MilvusSession { current.withLock { $0 } }
    /// The embedded server now (a new process after a restart), or nil.
    var embedded: EmbeddedMilvus? { watch?.milvus }
    /// Every crash, in words, in order.
    var crashes: [String] { watch?.crashes ?? [] }
    /// "embedded, 127.0.0.1:19530" or "external, host:port".
    var target: String { MilvusAccess.targetDescription(scenario, embedded: embedded) }
    /// Where Milvus's metrics are read (its page, the scenario's pages or Prometheus).
    var metrics: (any MetricsSource)? { MilvusAccess.metricsSource(scenario, embedded: embedded) }

    /// What a killed traceload left behind: its Milvus's data (half a gigabyte) and id files.
    /// Once, before any server of this process starts.
    static func removeLeftovers(observer: EngineObserver) {
        for removed in Leftovers.remove() {
            observer(.log("removed \(removed), left behind by a traceload that is no longer running"))
        }
        Leftovers.removeStaleServerIDs()
    }

    /// Opens the dataset (a wrong file fails before Milvus starts), the trace session, starts the
    /// embedded Milvus (watched from then on) or reaches the external one, and connects. Whatever
    /// started is stopped again when a later step fails.
    static func start(
        _ scenario: Scenario, options: Options, control: RunControl, observer: @escaping EngineObserver
    ) async throws -> MilvusServer {
        let dataset = try LoadedDataset.load(scenario) { observer(.log($0)) }
        var traces: TraceSession?
        var client: ClientExport?
        var watch: ServerWatch?
        var directory: String?
        do {
            if scenario.tracing.enabled {
                traces = try await TraceSession.start(
                    spec: scenario.tracing, store: scenario.traces, embedded: scenario.milvus.isEmbedded,
                    receiverExecutable: options.receiverExecutable, tallyStarts: options.tallyStarts)
                observer(.log("server spans: \(traces!.description)"))
                client = try traces!.startClient()
            }
            if case .embedded(let embedded) = scenario.milvus {
                directory = options.directory ?? MilvusAccess.temporaryDirectory("milvus")
                let milvus = try await MilvusAccess.startEmbedded(
                    embedded, directory: directory!,
                    environment: traces?.milvusEnvironment ?? EmbeddedMilvus.tracingEnvironment(endpoint: nil),
                    observer: observer)
                watch = ServerWatch(milvus)
                watch!.start(restart: options.restartAfterCrash, control: control, observer: observer)
            }
            let endpoint = try MilvusAccess.endpoint(scenario, embedded: watch?.milvus)
            let session: MilvusSession
            do {
                session = try await MilvusSession.connect(
                    endpoint, workers: MilvusAccess.workers(scenario), patienceSeconds: options.patienceSeconds,
                    observer: observer)
            } catch {
                throw EngineError("cannot reach Milvus at \(endpoint.address): \(error)", cause: .milvusUnreachable)
            }
            return MilvusServer(
                scenario: scenario, options: options, traces: traces, client: client, dataset: dataset, watch: watch,
                session: session)
        } catch {
            await client?.shutdown()
            await traces?.shutdown()
            var failure = EngineError(error)
            if let watch {
                await watch.stop()
                await watch.milvus.stop(now: true)
                failure = failure.adding(" (Milvus logs: \(watch.milvus.logDirectory))")
            }
            // Milvus never came up, or went: keep its logs, not its data.
            if let directory, !options.keepsData { EmbeddedMilvus.removeDataKeepingLogs(in: directory) }
            throw failure
        }
    }

    /// Creates, fills, indexes and loads the collection (or, for a segment after the first,
    /// waits for segment 0 to); returns within moments of a stop (Ctrl-C, a crashed Milvus),
    /// whatever step it was in.
    func prepare(segment: ExecutionSegment? = nil, control: RunControl, observer: @escaping EngineObserver)
        async throws
    {
        let setup = collectionSetup(observer)
        try await Self.raced(against: control.stop) {
            if let segment, segment.index > 0 {
                // One segment prepares the collection; the others would drop and refill it under it.
                try await setup.waitUntilPrepared(by: "segment 0 of \(segment.count)", stop: control.stop)
            } else {
                try await setup.prepare(stop: control.stop)
            }
        }
    }

    /// Waits until Milvus answers again and the collection is loaded (after `compare.restart`),
    /// with a new connection.
    func reconnect(control: RunControl, observer: @escaping EngineObserver, patienceSeconds: Double) async throws {
        let session = try await MilvusSession.connect(
            try MilvusAccess.endpoint(scenario, embedded: embedded), workers: MilvusAccess.workers(scenario),
            patienceSeconds: patienceSeconds, observer: observer)
        let previous = current.withLock { current in
            defer { current = session }
            return current
        }
        previous.client.close()
        let setup = collectionSetup(observer)
        try await Self.raced(against: control.stop) {
            try await setup.waitUntilPrepared(
                by: "the restarted Milvus", stop: control.stop, timeoutSeconds: patienceSeconds)
        }
    }

    func collectionSetup(_ observer: @escaping EngineObserver) -> CollectionSetup {
        CollectionSetup(client: session.client, scenario: scenario, dataset: dataset) { observer(.log($0)) }
    }

    /// `work`, ended as soon as `stop` is (its task cancelled).
    static func raced(against stop: StopSignal, _ work: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await work() }
            group.addTask { await stop.wait() }
            try await group.next()
            group.cancelAll()
        }
    }

    /// What a block or round used is read from here: traceload's CPU, Milvus's (from /proc for
    /// the embedded one; from its metrics for an external one when `metricsCPU`, which waits for
    /// a fresh scrape: a comparison's blocks, not a run's phases), the spans received and dropped.
    func probe(metricsCPU: Bool) -> ResourceProbe {
        let watch = watch
        let traces = traces
        let client = client
        let server: ResourceProbe.Server =
            if let watch {
                .process({ watch.milvus.milvusPID })
            } else if metricsCPU, let metrics {
                .metrics(metrics)
            } else {
                .none
            }
        return ResourceProbe(
            server: server, spans: { settled in await traces?.spanCounts(settled: settled) },
            clientDropped: { client?.droppedSpans ?? 0 })
    }

    /// What stopping found: the receiver's counts, the crashes, and the log tail of a Milvus that
    /// failed (its logs are kept, its data removed).
    struct Stopped: Sendable {
        var receiver: ReceiverCounts?
        var crashes: [String]
        var logTail: String?
    }

    /// Closes the client, flushes the client's spans, stops the receiver, then Milvus: gently
    /// unless `now` (a second Ctrl-C, or nothing measured yet). A temporary directory goes,
    /// but for the logs of a run that `failed` or crashed.
    func stop(now: Bool, failed: Bool, observer: EngineObserver) async -> Stopped {
        session.client.close()
        await client?.shutdown()
        var stopped = Stopped(receiver: traces?.receiverCounts, crashes: crashes)
        await traces?.shutdown()
        guard let watch else { return stopped }
        await watch.stop()
        observer(.log("stopping embedded Milvus"))
        let milvus = watch.milvus
        await milvus.stop(now: now)
        if !options.keepsData {
            if !failed && stopped.crashes.isEmpty {
                try? FileManager.default.removeItem(atPath: milvus.options.runDirectory)
            } else {
                // Keep what explains the failure, not half a gigabyte of data.
                stopped.logTail = milvus.logTail()
                EmbeddedMilvus.removeDataKeepingLogs(in: milvus.options.runDirectory)
            }
        }
        return stopped
    }
}

extension MilvusTarget {
    var isEmbedded: Bool {
        if case .embedded = self { return true }
        return false
    }
}
