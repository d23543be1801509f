import EmbeddedMilvus
import Foundation
import Scenario
import ServerMetrics
import Setup
import Traces
import Workload

/// One Milvus of a comparison, with its prepared collection, the span receiver its server and
/// client spans go to, and the client's span exporter: the variants that share its key run on it.
struct CompareServer: Sendable {
    let key: String
    /// The scenario it was prepared with (its collection name may carry a suffix when several
    /// servers share one external Milvus).
    let scenario: Scenario
    let embedded: EmbeddedMilvus?
    let session: MilvusSession
    let receiver: SpanReceiver?
    let client: ClientExport?
    let metrics: (any MetricsSource)?
    /// The scenario's vector files, opened (nil: generated vectors).
    let dataset: LoadedDataset?

    /// Where the spans of a server go: a `traceload receive` child (CPU not counted as the load
    /// generator's), or, without an executable to run, a receiver in this process.
    enum SpanReceiver: Sendable {
        case child(ReceiverProcess)
        case inProcess(OTLPReceiver, SpanCollector, Task<Void, Error>)

        var port: Int {
            get async {
                switch self {
                case .child(let process): process.grpcPort
                case .inProcess(let receiver, _, _): (try? await receiver.boundPort()) ?? 0
                }
            }
        }

        func counts(settled: Bool) async -> (received: Int, dropped: Int) {
            switch self {
            case .child(let process): return await process.settledCounts()
            case .inProcess(_, let collector, _):
                let counts = collector.counts
                return (counts.received, counts.dropped)
            }
        }

        /// The spans received so far that started between `from` and `to` (Unix nanoseconds).
        func spansStarted(from: UInt64, to: UInt64) async -> Int? {
            switch self {
            case .child(let process): await process.spansStarted(from: from, to: to)
            case .inProcess(_, let collector, _): collector.spansStarted(from: from, to: to)
            }
        }

        func stop() async {
            switch self {
            case .child(let process): process.stop()
            case .inProcess(let receiver, _, let task):
                receiver.stop()
                _ = await task.result
            }
        }
    }

    /// Starts (or reaches) the server, prepares its collection and runs the scenario's warm-up
    /// phases once.
    static func start(
        key: String, scenario: Scenario, exports: Bool, options: CompareOptions, directory: String,
        control: RunControl, observer: @escaping EngineObserver
    ) async throws -> CompareServer {
        var receiver: SpanReceiver?
        if exports {
            let host = scenario.milvus.isEmbedded ? "127.0.0.1" : (scenario.tracing.receiverHost ?? "0.0.0.0")
            if let executable = options.receiverExecutable {
                receiver = .child(
                    try await ReceiverProcess.start(
                        executable: executable, host: host, port: scenario.milvus.isEmbedded ? 0 : (scenario.tracing.receiverPort ?? 4317),
                        forwardTo: scenario.tracing.forwardTo))
            } else {
                let collector = SpanCollector(tallyStarts: true)
                let otlp = try OTLPReceiver(collector: collector, host: host, port: 0)
                receiver = .inProcess(otlp, collector, Task { try await otlp.run() })
            }
        }
        do {
            let port = await receiver?.port
            var embedded: EmbeddedMilvus?
            if case .embedded(let options) = scenario.milvus {
                let tracing = scenario.tracing
                let environment = EmbeddedMilvus.tracingEnvironment(
                    endpoint: tracing.enabled ? port.map { "127.0.0.1:\($0)" } : nil,
                    sampleFraction: tracing.serverSampleFraction)
                embedded = try await MilvusAccess.startEmbedded(
                    options, directory: directory, environment: environment, observer: observer)
            }
            let session = try await MilvusSession.connect(
                try MilvusAccess.endpoint(scenario, embedded: embedded), workers: MilvusAccess.workers(scenario),
                patienceSeconds: embedded == nil ? 30 : 10, observer: observer)
            let client =
                exports && scenario.tracing.enabled
                ? try ClientExport.start(serviceName: scenario.tracing.serviceName, endpoint: "http://127.0.0.1:\(port ?? 4317)")
                : nil
            let server = CompareServer(
                key: key, scenario: scenario, embedded: embedded, session: session, receiver: receiver, client: client,
                metrics: MilvusAccess.metricsSource(scenario, embedded: embedded),
                dataset: try LoadedDataset.load(scenario) { observer(.log($0)) })
            try await server.prepare(control: control, observer: observer)
            return server
        } catch {
            await receiver?.stop()
            throw error
        }
    }

    func prepare(control: RunControl, observer: @escaping EngineObserver) async throws {
        let setup = CollectionSetup(client: session.client, scenario: scenario, dataset: dataset) { observer(.log($0)) }
        let stop = control.stop
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await setup.prepare(stop: stop) }
            group.addTask { await stop.wait() }
            try await group.next()
            group.cancelAll()
        }
    }

    /// What a block used is read from here.
    func probe() -> ResourceProbe {
        let embedded = embedded
        let receiver = receiver
        let client = client
        let server: ResourceProbe.Server =
            if let embedded { .process({ embedded.milvusPID }) } else if let metrics { .metrics(metrics) } else { .none }
        return ResourceProbe(
            server: server, spans: { settled in await receiver?.counts(settled: settled) },
            clientDropped: { client?.droppedSpans ?? 0 })
    }

    func stop(now: Bool, keepDirectory: Bool) async {
        session.client.close()
        await client?.shutdown()
        if let embedded {
            await embedded.stop(now: now)
            if !keepDirectory { try? FileManager.default.removeItem(atPath: embedded.options.runDirectory) }
        }
        await receiver?.stop()
    }
}
