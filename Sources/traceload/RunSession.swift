import EmbeddedMilvus
import Foundation
import MilvusClient
import Report
import Results
import Scenario
import ServerMetrics
import Setup
import Traces
import Workload

/// One `traceload run`: start or reach Milvus, prepare the collection, run the phases, write the
/// report. Whatever happens after the first phase started, the measured part is written.
struct RunSession {
    let scenario: Scenario
    let reportDirectory: String
    let milvusDirectory: String?
    /// This process's part of a scenario split over several (`--segment`); nil runs it whole.
    var segment: Segment? = nil
    /// When the first phase starts (`--start-at`), so that segments start together.
    var startAt: Date? = nil

    func execute() async -> RunOutcome {
        let stop = StopSignal()
        let interrupts = InterruptHandler(stop: stop)
        let started = Date()
        var phases: [PhaseResult] = []
        var serverMetrics: [PhaseServerMetrics?] = []
        var monitor: ServerMonitor?
        var milvus: EmbeddedMilvus?
        var connected: MilvusSession?
        var version = "unknown"
        var failure: String?
        var traces: TraceSession?
        var milvusLogTail: String?
        var embeddedDirectory: String?

        func cleanUp() async {
            await connected?.close()
            await traces?.shutdown()
            if let milvus {
                log("stopping embedded Milvus")
                await milvus.stop()
                if milvusDirectory == nil {
                    if failure == nil {
                        try? FileManager.default.removeItem(atPath: milvus.options.runDirectory)
                    } else {
                        // Keep what explains the failure, not half a gigabyte of data.
                        milvusLogTail = milvus.logTail()
                        EmbeddedMilvus.removeDataKeepingLogs(in: milvus.options.runDirectory)
                    }
                }
            } else if let embeddedDirectory, milvusDirectory == nil {
                // Milvus never came up: what it unpacked goes too.
                EmbeddedMilvus.removeDataKeepingLogs(in: embeddedDirectory)
            }
        }

        do {
            // The dataset's files first: a wrong file fails the run before Milvus starts.
            let dataset = try LoadedDataset.load(scenario, log: log)
            if scenario.tracing.enabled {
                traces = try await TraceSession(
                    spec: scenario.tracing, jaeger: scenario.traces, embedded: scenario.milvus.isEmbedded)
                log("server spans from the \(traces!.description)")
            }
            if case .embedded(let options) = scenario.milvus {
                let directory =
                    milvusDirectory ?? NSTemporaryDirectory()
                    + "traceload-milvus-\(getpid())-\(Int(started.timeIntervalSince1970))"
                embeddedDirectory = directory
                milvus = try await MilvusAccess.startEmbedded(
                    options, directory: directory, environment: traces?.milvusEnvironment ?? ["TRACE_EXPORTER": "noop"])
            }
            let session = try await MilvusSession.connect(
                try MilvusAccess.endpoint(scenario, embedded: milvus), workers: MilvusAccess.workers(scenario))
            connected = session
            version = session.version
            let client = session.client

            let setup = CollectionSetup(client: client, scenario: scenario, dataset: dataset, log: log)
            if let segment, segment.index > 0 {
                // One segment prepares the collection; the others would drop and refill it under it.
                try await setup.waitUntilPrepared(by: "segment 0 of \(segment.count)", stop: stop)
            } else {
                try await setup.prepare(stop: stop)
            }
            if let startAt { await waitUntil(startAt, stop: stop) }

            let tracer = try traces?.startClient()
            let runner = PhaseRunner(
                client: client, tracer: tracer, stop: stop, seed: scenario.dataset.seed,
                stopOnError: scenario.stopOnError)
            monitor = MilvusAccess.metricsSource(scenario, embedded: milvus).map { ServerMonitor(source: $0) }
            if let monitor { log("Milvus's metrics from \(monitor.source.description)") }
            var idleSince = Date()
            for (index, phase) in scenario.phases.enumerated() where !stop.isStopped {
                let watch = phase.warmup ? nil : await monitor?.begin(idleSince: idleSince)
                let result = await runPhase(phase, index: index, runner: runner, dataset: dataset)
                phases.append(result)
                let start = Date(timeIntervalSince1970: Double(result.startUnixNanos) / 1e9)
                idleSince = start.addingTimeInterval(result.elapsedSeconds)
                if let watch, let monitor {
                    let metrics = await monitor.end(
                        watch, phase: phase.name, start: start, elapsedSeconds: result.elapsedSeconds)
                    if let problem = metrics.problem { log("warning: phase \(phase.name): \(problem)") }
                    serverMetrics.append(metrics)
                } else {
                    serverMetrics.append(nil)
                }
                await traces?.analyse(result)
            }
        } catch {
            failure = "\(error)"
        }
        withExtendedLifetime(interrupts) {}

        let target = milvus.map { "embedded, 127.0.0.1:\($0.proxyPort)" } ?? externalDescription()
        // Connections are sized so that workers never wait for an HTTP/2 stream; should the server
        // have lowered its limit meanwhile, say so: the wait is inside those requests' latency.
        let streamNote: String? = connected.flatMap { session in
            let waits = session.client.streamWaits
            guard waits.calls > 0 else { return nil }
            return
                "\(waits.calls) requests waited for a free HTTP/2 stream (\(String(format: "%.1f", waits.seconds * 1000 / Double(waits.calls))) ms on average; Milvus allows \(session.client.streamLimit.map(String.init) ?? "?") per connection): that wait is part of their latency and of client+wire."
        }
        var record = RunRecord(
            tool: "traceload \(Traceload.version)", scenario: scenario,
            environment: RunEnvironment(milvusVersion: version, milvusTarget: target),
            startedAt: started, finishedAt: Date(), partial: failure ?? stop.reason,
            phases: zip(phases, serverMetrics).map { result, metrics in
                var record = PhaseRecord(result)
                record.server = metrics
                return record
            },
            notes: streamNote.map { [$0] } ?? []
        )
        record.metricsSource = monitor?.source.description
        record.segment = segment
        if let traces {
            let serverFraction: Double? =
                if case .embedded = scenario.milvus { scenario.tracing.serverSampleFraction } else { nil }
            record.tracing = traces.record(serverFraction: serverFraction)
            record.notes += traces.warnings
        }
        await cleanUp()

        if let failure, phases.isEmpty {
            if let milvus { return .failed("\(failure) (Milvus logs: \(milvus.logDirectory))", report: nil) }
            return .failed(failure, report: nil)
        }
        var outcomes: [ThresholdReport.Outcome] = []
        do {
            let writer = try ReportWriter(directory: reportDirectory)
            outcomes = try RunReport.write(record, to: writer)
            if let spans = traces?.keptSpans, !spans.isEmpty {
                try writer.write("spans.jsonl", OTLPJSONWriter.lines(spans))
            }
            if let milvusLogTail, !milvusLogTail.isEmpty { try writer.write("milvus-logs-tail.txt", milvusLogTail) }
        } catch {
            return .failed("the run finished but its report could not be written: \(error)", report: nil)
        }
        if let failure { return .failed(failure, report: reportDirectory) }
        if let reason = stop.reason, reason.hasPrefix(PhaseRunner.stoppedOnError) {
            return .failed(reason, report: reportDirectory)
        }
        if let reason = stop.reason { return .partial(reportDirectory, reason: reason) }
        return .completed(reportDirectory, crossed: outcomes.filter { !$0.passed })
    }

    func runPhase(_ phase: Phase, index: Int, runner: PhaseRunner, dataset: LoadedDataset?) async -> PhaseResult {
        let fraction = scenario.tracing.enabled ? (phase.sampleFraction ?? scenario.tracing.sampleFraction) : 0
        return await runShowingProgress(
            phase, index: index, scenario: scenario, runner: runner, sampleFraction: fraction, dataset: dataset)
    }

    func externalDescription() -> String {
        if case .external(let external) = scenario.milvus { return "external, \(external.host):\(external.port)" }
        return "embedded"
    }
}

/// Runs one phase with its live progress line.
func runShowingProgress(
    _ phase: Phase, index: Int, scenario: Scenario, runner: PhaseRunner, sampleFraction: Double, dataset: LoadedDataset?
) async -> PhaseResult {
    let live = LiveTimeline()
    let progress = ProgressPrinter(phase: phase.name, live: live)
    let start = Date()
    let progressTask = Task { await progress.run(start: start) }
    let factory = RequestFactory(
        collection: scenario.collection, dataset: scenario.dataset, stream: UInt64(index + 1), loaded: dataset)
    let result = await runner.run(phase, index: index, factory: factory, sampleFraction: sampleFraction, live: live)
    progressTask.cancel()
    progress.finish(elapsed: result.elapsedSeconds)
    return result
}

/// Sleeps until `date` (the log says how long); a time already past starts at once, with a warning.
func waitUntil(_ date: Date, stop: StopSignal) async {
    let wait = date.timeIntervalSinceNow
    guard wait > 0 else {
        if wait < -1 {
            log(
                "warning: --start-at \(ISO8601DateFormatter().string(from: date)) passed \(Int(-wait)) s ago; starting now"
            )
        }
        return
    }
    log(
        "starting the first phase at \(ISO8601DateFormatter().string(from: date)) (in \(String(format: "%.1f", wait)) s)"
    )
    while Date() < date && !stop.isStopped {
        try? await Task.sleep(for: .milliseconds(min(200, max(1, Int(date.timeIntervalSinceNow * 1000)))))
    }
}
