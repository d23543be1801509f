import Analysis
import EmbeddedMilvus
import Foundation
import Results
import Scenario
import ServerMetrics
import Setup
import Traces
import Workload

/// One run of a scenario: reach Milvus (start the embedded one or connect to one), set up the
/// trace session, prepare the collection, run the phases with their stop and error rules while
/// Milvus's metrics are read and the sampled requests' spans collected, and return what was
/// measured as a `RunRecord`. Whatever happens after the first phase started, the measured part
/// comes back; the caller renders it.
package struct RunEngine: Sendable {
    package let scenario: Scenario
    package let options: RunOptions

    package init(scenario: Scenario, options: RunOptions) {
        self.scenario = scenario
        self.options = options
    }

    package func run(control: RunControl, observer: @escaping EngineObserver) async -> RunEnd {
        var run = RunState(started: Date())
        var traces: TraceSession?
        var watch: ServerWatch?
        var session: MilvusSession?
        var embeddedDirectory: String?
        var failure: String?

        do {
            // What a killed traceload left behind: its Milvus's data (half a gigabyte) and id files.
            for removed in Leftovers.remove() {
                observer(.log("removed \(removed), left behind by a traceload that is no longer running"))
            }
            Leftovers.removeStaleServerIDs()
            // The dataset's files first: a wrong file fails the run before Milvus starts.
            let dataset = try LoadedDataset.load(scenario) { message in observer(.log(message)) }
            if scenario.tracing.enabled {
                traces = try await TraceSession.start(
                    spec: scenario.tracing, store: scenario.traces, embedded: scenario.milvus.isEmbedded)
                observer(.log("server spans: \(traces!.description)"))
                run.traceSource = traces!.description
            }
            if case .embedded(let embedded) = scenario.milvus {
                let directory = options.milvusDirectory ?? MilvusAccess.temporaryDirectory("milvus")
                embeddedDirectory = directory
                let milvus = try await MilvusAccess.startEmbedded(
                    embedded, directory: directory,
                    environment: traces?.milvusEnvironment ?? EmbeddedMilvus.tracingEnvironment(endpoint: nil),
                    observer: observer)
                watch = ServerWatch(milvus)
                watch?.start(restart: !scenario.stopOnError, control: control, observer: observer)
                run.milvusEnvironment = milvus.environmentPath
            }
            session = try await MilvusSession.connect(
                try MilvusAccess.endpoint(scenario, embedded: watch?.milvus), workers: MilvusAccess.workers(scenario),
                observer: observer)
            run.version = session!.version
            try await prepare(session!, dataset: dataset, control: control, observer: observer)
            if let startAt = options.startAt { await Self.waitUntil(startAt, stop: control.stop, observer: observer) }
            try await runPhases(
                &run, client: session!, dataset: dataset, traces: traces, watch: watch, control: control,
                observer: observer)
        } catch {
            failure = "\(error)"
        }

        let target = MilvusAccess.targetDescription(scenario, embedded: watch?.milvus)
        let streamNote = session?.streamNote
        session?.client.close()
        await run.client?.shutdown()
        run.receiver = traces?.receiverCounts
        await traces?.shutdown()
        let crashes = watch?.crashes ?? []
        var logTail: String?
        if let watch {
            await watch.stop()
            observer(.log("stopping embedded Milvus"))
            let milvus = watch.milvus
            // Stopped before anything was measured (a Ctrl-C during set-up): nothing to stop gently for.
            await milvus.stop(now: control.isHurried || (control.stop.isStopped && run.phases.isEmpty))
            if options.milvusDirectory == nil {
                if failure == nil && crashes.isEmpty {
                    try? FileManager.default.removeItem(atPath: milvus.options.runDirectory)
                } else {
                    // Keep what explains the failure, not half a gigabyte of data.
                    logTail = milvus.logTail()
                    EmbeddedMilvus.removeDataKeepingLogs(in: milvus.options.runDirectory)
                }
            }
        } else if let embeddedDirectory, options.milvusDirectory == nil {
            // Milvus never came up: what it unpacked goes too.
            EmbeddedMilvus.removeDataKeepingLogs(in: embeddedDirectory)
        }
        if case .serverExited = control.stop.reason, failure != nil { failure = nil }

        guard !run.phases.isEmpty else {
            if let reason = control.stop.reason, reason.isInterruption {
                return .stoppedBeforeMeasuring(reason.description)
            }
            let why = failure ?? crashes.first ?? control.stop.reason?.description ?? "no phase ran"
            let logs = watch.map { " (Milvus logs: \($0.milvus.logDirectory))" } ?? ""
            return .failed(why + logs)
        }
        var record = makeRecord(run, target: target, failure: failure, crashes: crashes, stop: control.stop.reason)
        if let streamNote { record.notes.append(streamNote) }
        return .measured(RunOutput(record: record, spans: run.spans, milvusLogTail: logTail, answers: run.answers))
    }

    /// Creates, fills, indexes and loads the collection, or waits for segment 0 to; returns
    /// within moments of a stop (Ctrl-C, a crashed Milvus), whatever step it was in.
    func prepare(_ session: MilvusSession, dataset: LoadedDataset?, control: RunControl, observer: @escaping EngineObserver)
        async throws
    {
        let setup = CollectionSetup(client: session.client, scenario: scenario, dataset: dataset) { message in
            observer(.log(message))
        }
        let segment = options.segment
        let stop = control.stop
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                if let segment, segment.index > 0 {
                    // One segment prepares the collection; the others would drop and refill it under it.
                    try await setup.waitUntilPrepared(by: "segment 0 of \(segment.count)", stop: stop)
                } else {
                    try await setup.prepare(stop: stop)
                }
            }
            group.addTask { await stop.wait() }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Sleeps until `date` (the log says how long); a time already past starts at once, with a warning.
    static func waitUntil(_ date: Date, stop: StopSignal, observer: EngineObserver) async {
        let wait = date.timeIntervalSinceNow
        let formatted = ISO8601DateFormatter().string(from: date)
        guard wait > 0 else {
            if wait < -1 { observer(.warning("--start-at \(formatted) passed \(Int(-wait)) s ago; starting now")) }
            return
        }
        observer(.log("starting the first phase at \(formatted) (in \(String(format: "%.1f", wait)) s)"))
        while Date() < date && !stop.isStopped {
            try? await Task.sleep(for: .milliseconds(min(200, max(1, Int(date.timeIntervalSinceNow * 1000)))))
        }
    }
}

/// What a run accumulates as it goes.
struct RunState {
    var started: Date
    var version = "unknown"
    var milvusEnvironment: String?
    var phases: [PhaseRecord] = []
    var rounds: [RoundRecord] = []
    var breakdowns: [OperationBreakdown] = []
    var spans: [Span] = []
    var answers: [AnswerRecord] = []
    var traceWarnings: [String] = []
    var metricsSource: String?
    var client: ClientExport?
    var clientService = ""
    var traceSource = ""
    var traceEvidence: TraceEvidence?
    var receiver: ReceiverCounts?
    var clientCPUSeconds = 0.0
}

extension MilvusTarget {
    var isEmbedded: Bool {
        if case .embedded = self { return true }
        return false
    }
}
