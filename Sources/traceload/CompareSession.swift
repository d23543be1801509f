import EmbeddedMilvus
import Foundation
import MilvusClient
import Overhead
import Report
import Results
import Scenario
import ServerMetrics
import Setup
import Telemetry
import Workload

/// One `traceload compare`: the scenario's phases once per tracing setting and round, in
/// interleaved order, each on a freshly started (or restarted) Milvus; overhead.md/.csv are
/// rewritten after every run, so an interrupted sweep keeps what it measured.
struct CompareSession {
    let scenario: Scenario
    let settings: [CompareSetting]
    let repeats: Int
    let directory: String
    let milvusDirectory: String?

    enum Outcome {
        case completed(OverheadReport)
        case partial(OverheadReport?, reason: String)
        case failed(String)
    }

    func execute() async -> Outcome {
        let stop = StopSignal()
        let interrupts = InterruptHandler(stop: stop)
        defer { withExtendedLifetime(interrupts) {} }
        let writer: ReportWriter
        do { writer = try ReportWriter(directory: directory) } catch {
            return .failed("cannot write to \(directory): \(error)")
        }

        var receiver: ReceiverProcess?
        if settings.contains(where: { $0.clientFraction != nil || $0.serverFraction != nil }) {
            let embedded = scenario.milvus.isEmbedded
            do {
                receiver = try await ReceiverProcess.start(
                    host: scenario.tracing.receiverHost ?? (embedded ? "127.0.0.1" : "0.0.0.0"),
                    port: scenario.tracing.receiverPort ?? (embedded ? 0 : 4317), forwardTo: scenario.tracing.forwardTo
                )
            } catch {
                return .failed("\(error)")
            }
        }
        defer { receiver?.stop() }
        // One exporter serves every client setting of the sweep and stays idle (no spans, no
        // trace context) in the others.
        var tracing: ClientTracing?
        var tracingTask: Task<Void, Never>?
        if let receiver, settings.contains(where: { $0.clientFraction != nil }) {
            do {
                let client = try ClientTracing(
                    serviceName: scenario.tracing.serviceName, endpoint: "http://127.0.0.1:\(receiver.grpcPort)")
                tracing = client
                tracingTask = Task { try? await client.run() }
            } catch {
                return .failed("the client's span exporter did not start: \(error)")
            }
        }
        defer { if tracing != nil { tracingTask?.cancel() } }

        var runs: [SettingRun] = []
        var report: OverheadReport?
        let schedule = ComparePlan.schedule(settings: settings.count, repeats: repeats)
        for (step, (round, index)) in schedule.enumerated() where !stop.isStopped {
            let setting = settings[index]
            log("run \(step + 1) of \(schedule.count): \(setting.name), round \(round + 1) of \(repeats)")
            do {
                let run = try await measure(
                    setting, round: round, receiver: receiver, tracing: tracing, stop: stop, writer: writer)
                runs.append(run)
                report = try write(runs, to: writer)
            } catch {
                return .failed("run \(step + 1) (\(setting.name), round \(round + 1)) failed: \(error)")
            }
        }
        if let tracing {
            await tracing.shutdown()
            await tracingTask?.value
        }
        if let reason = stop.reason { return .partial(report, reason: reason) }
        return report.map(Outcome.completed) ?? .failed("no run completed")
    }

    func write(_ runs: [SettingRun], to writer: ReportWriter) throws -> OverheadReport {
        var notes: [String] = []
        if scenario.compare.clientOnly {
            notes.append("Client side only: the server's tracing configuration was left as it was in every setting.")
        }
        if !scenario.milvus.isEmbedded {
            notes.append(
                "spans/s counts what reached traceload's receiver; an external Milvus exports wherever it is configured to."
            )
        }
        let report = try OverheadReport(
            scenario: scenario.name, settings: settings, repeats: repeats, runs: runs, notes: notes)
        try writer.write("overhead.csv", report.csv)
        try writer.write("overhead.md", report.markdown)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try writer.write(
            "runs.jsonl",
            runs.map { String(decoding: try encoder.encode($0), as: UTF8.self) }.joined(separator: "\n") + "\n")
        return report
    }

    /// One run of one setting: bring up Milvus with the setting's server side, prepare the
    /// collection, run every phase, and account CPU, memory and spans over the measured ones.
    func measure(
        _ setting: CompareSetting, round: Int, receiver: ReceiverProcess?, tracing: ClientTracing?, stop: StopSignal,
        writer: ReportWriter
    ) async throws -> SettingRun {
        let receiverEndpoint = receiver.map { "127.0.0.1:\($0.grpcPort)" } ?? ""
        var milvus: EmbeddedMilvus?
        var connected: MilvusSession?
        let droppedBefore = tracing?.droppedSpans ?? 0
        func tearDown() async {
            await connected?.close()
            if let milvus {
                await milvus.stop()
                if milvusDirectory == nil { try? FileManager.default.removeItem(atPath: milvus.options.runDirectory) }
            }
        }

        do {
            switch scenario.milvus {
            case .embedded(let options):
                let environment: [String: String] =
                    if let fraction = setting.serverFraction {
                        [
                            "TRACE_EXPORTER": "otlp", "TRACE_OTLP_ENDPOINT": receiverEndpoint,
                            "TRACE_OTLP_SECURE": "false", "TRACE_SAMPLEFRACTION": String(fraction),
                        ]
                    } else {
                        ["TRACE_EXPORTER": "noop"]
                    }
                let base = milvusDirectory ?? NSTemporaryDirectory() + "traceload-compare-\(getpid())"
                milvus = try await MilvusAccess.startEmbedded(
                    options, directory: "\(base)/\(setting.name)-r\(round + 1)", environment: environment)
            case .external:
                if let command = scenario.compare.restartCommand, !scenario.compare.clientOnly {
                    try await restartExternal(command, setting: setting)
                }
            }
            let endpoint = try MilvusAccess.endpoint(scenario, embedded: milvus)
            let session = try await connectWithRetry(endpoint, patienceSeconds: milvus == nil ? 180 : 10)
            connected = session
            let dataset = try LoadedDataset.load(scenario, log: log)
            try await CollectionSetup(client: session.client, scenario: scenario, dataset: dataset, log: log).prepare(
                stop: stop)

            let tracer = setting.clientFraction == nil ? nil : tracing?.tracer()
            let runner = PhaseRunner(
                client: session.client, tracer: tracer, stop: stop, seed: scenario.dataset.seed,
                stopOnError: scenario.stopOnError)
            let metrics = MilvusAccess.metricsSource(scenario, embedded: milvus)
            var account = MeasuredAccount()
            var phases: [PhaseResult] = []
            for (index, phase) in scenario.phases.enumerated() where !stop.isStopped {
                let before = phase.warmup ? nil : await ResourceSnapshot.take(metrics: metrics, receiver: receiver)
                let result = await runShowingProgress(
                    phase, index: index, scenario: scenario, runner: runner,
                    sampleFraction: setting.clientFraction ?? 0,
                    dataset: dataset)
                phases.append(result)
                if let before {
                    account.add(
                        result, from: before,
                        to: await ResourceSnapshot.take(metrics: metrics, receiver: receiver, settle: true))
                }
            }
            account.spansDropped += (tracing?.droppedSpans ?? 0) - droppedBefore
            try writeRunReport(
                phases, setting: setting, round: round, version: session.version, milvus: milvus, into: writer)
            await tearDown()
            return try account.run(setting: setting, round: round, partial: stop.reason)
        } catch {
            let logs = milvus.map { " (Milvus logs: \($0.logDirectory))" } ?? ""
            await tearDown()
            throw CompareError(message: "\(error)\(logs)")
        }
    }

    /// Each run's own report, under runs/<setting>-r<round>/, for a closer look at one of them.
    func writeRunReport(
        _ phases: [PhaseResult], setting: CompareSetting, round: Int, version: String, milvus: EmbeddedMilvus?,
        into writer: ReportWriter
    ) throws {
        var described = scenario
        described.tracing.enabled = setting.clientFraction != nil
        described.tracing.sampleFraction = setting.clientFraction ?? 0
        described.tracing.serverSampleFraction = setting.serverFraction ?? 0
        let target = milvus.map { "embedded, 127.0.0.1:\($0.proxyPort)" } ?? "external"
        let started = phases.first.map { Date(timeIntervalSince1970: Double($0.startUnixNanos) / 1e9) } ?? Date()
        let record = RunRecord(
            tool: "traceload \(Traceload.version)", scenario: described,
            environment: RunEnvironment(milvusVersion: version, milvusTarget: target),
            startedAt: started, finishedAt: Date(), partial: nil, phases: phases.map(PhaseRecord.init),
            notes: ["one run of `traceload compare`: setting \(setting.name), round \(round + 1)"]
        )
        _ = try RunReport.write(record, to: ReportWriter(directory: writer.path("runs/\(setting.name)-r\(round + 1)")))
    }

    /// Runs the scenario's restart command with the setting's server side filled in.
    func restartExternal(_ command: String, setting: CompareSetting) async throws {
        let filled =
            command
            .replacingOccurrences(of: "{exporter}", with: setting.serverFraction == nil ? "noop" : "otlp")
            .replacingOccurrences(of: "{fraction}", with: formatFraction(setting.serverFraction ?? 0))
        log("restarting Milvus: \(filled)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", filled]
        try process.run()
        await Task.detached { process.waitUntilExit() }.value
        guard process.terminationStatus == 0 else {
            throw CompareError(message: "compare.restart exited with status \(process.terminationStatus): \(filled)")
        }
    }

    /// A restarted server takes a while to answer; keep trying until `patienceSeconds`.
    func connectWithRetry(_ endpoint: MilvusEndpoint, patienceSeconds: Double) async throws -> MilvusSession {
        let deadline = Date().addingTimeInterval(patienceSeconds)
        while true {
            do {
                return try await MilvusSession.connect(endpoint, workers: MilvusAccess.workers(scenario))
            } catch {
                if Date() > deadline { throw error }
                try await Task.sleep(for: .seconds(2))
            }
        }
    }
}

struct CompareError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

extension ResourceSnapshot {
    /// Now: this process's CPU, the server's figures once its metrics are current, the span receiver's counts
    /// (`settle`: once everything sent so far has arrived).
    static func take(metrics: (any MetricsSource)?, receiver: ReceiverProcess?, settle: Bool = false) async
        -> ResourceSnapshot
    {
        var server: ServerProcessMetrics?
        if let metrics {
            _ = await metrics.waitUntilCurrent(after: Date(), limit: .seconds(60))
            server = (try? await metrics.snapshot(ServerProcessMetrics.families)).flatMap(ServerProcessMetrics.init)
        }
        let spans = settle ? await receiver?.settledCounts() : receiver?.counts
        return ResourceSnapshot(
            clientCPUSeconds: processCPUSeconds(), server: server,
            spans: spans.map { SpanCounts(received: $0.received, dropped: $0.dropped) })
    }
}
