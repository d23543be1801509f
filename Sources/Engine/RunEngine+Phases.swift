import Foundation
import Results
import Scenario
import ServerMetrics
import Workload

extension RunEngine {
    /// The phases in order, each watched by Milvus's metrics and followed by the collection of
    /// its sampled requests' spans; with `repeats`, the measured phases again in later rounds
    /// (warm-ups run once, first), each round's figures kept.
    func runPhases(
        _ run: inout RunState, server: MilvusServer, control: RunControl, observer: @escaping EngineObserver
    ) async throws {
        let stop = control.stop
        let traces = server.traces
        let watch = server.watch
        let export = server.client
        run.client = export
        // tracing.propagate: false sends no trace context; Milvus samples on its own.
        let tracer = scenario.tracing.propagate ? export?.tracer : nil
        let monitor = server.metrics.map { ServerMonitor(source: $0) }
        run.metricsSource = monitor?.source.description
        if let monitor { observer(.log("Milvus's metrics from \(monitor.source.description)")) }
        let probe = server.probe(metricsCPU: false)
        let clientService = export?.serviceName ?? scenario.tracing.serviceName
        var publisher: MetricsPublisher?
        if let target = options.metricsOut {
            publisher = MetricsPublisher(
                target: target, authorization: options.metricsAuthorization, run: scenario.name, observer: observer)
            guard let publisher else {
                throw EngineError("--metrics-out: \(MetricsPublisher.check(target) ?? target)", cause: .badInput)
            }
            observer(.log("live figures every second to \(await publisher.description)"))
        }
        let ticking = publisher?.ticking()
        defer { ticking?.cancel() }
        var idleSince = Date()
        var traceProblems: [String] = []
        for round in 0..<max(1, options.repeats) where !stop.isStopped {
            let runner = PhaseRunner(
                client: server.session.client, tracer: tracer, stop: stop,
                seed: PhaseRunner.seed(scenario.dataset.seed, round: round), stopOnError: scenario.stopOnError)
            let phases = scenario.phases.enumerated().filter { round == 0 || !$0.element.warmup }
            var measured: [PhaseResult] = []
            var usage = ResourceUsage()
            if options.repeats > 1 { observer(.log("round \(round + 1) of \(options.repeats)")) }
            for (index, phase) in phases where !stop.isStopped {
                watch?.enterPhase(phase.name)
                let watching = phase.warmup ? nil : await monitor?.begin(idleSince: idleSince)
                let before = phase.warmup ? nil : await probe.snapshot()
                let result = await runPhase(
                    phase, index: index, round: round, runner: runner, dataset: server.dataset, publisher: publisher,
                    observer: observer)
                if let before { usage.add(from: before, to: await probe.snapshot()) }
                watch?.enterPhase(nil)
                let start = Date(timeIntervalSince1970: Double(result.startUnixNanos) / 1e9)
                idleSince = start.addingTimeInterval(result.elapsedSeconds)
                var record = PhaseRecord(result)
                if let watching, let monitor {
                    let server = await monitor.end(
                        watching, phase: phase.name, start: start, elapsedSeconds: result.elapsedSeconds)
                    if let problem = server.problem { observer(.warning("phase \(phase.name): \(problem)")) }
                    record.server = server
                }
                if !phase.warmup {
                    measured.append(result)
                    run.answers += result.answers.map {
                        AnswerRecord(
                            phase: phase.name, query: $0.query, filter: phase.search.filter, ids: $0.ids,
                            distances: $0.distances)
                    }
                }
                if let problem = run.phases.add(record, joining: round > 0) {
                    observer(.warning(problem))
                    run.traceWarnings.append(problem)
                }
                if let traces {
                    let collected = await traces.collect(
                        result, clientService: clientService, control: control, observer: observer)
                    run.spans += collected.spans
                    let joined = Set(collected.spans.filter { $0.service != clientService }.map(\.traceID)).count
                    await publisher?.joined(joined, phase: phase.name)
                    traceProblems += collected.problems
                    for warning in collected.warnings {
                        observer(.warning(warning))
                        run.traceWarnings.append(warning)
                    }
                }
            }
            if !measured.isEmpty {
                run.clientCPUSeconds += usage.clientCPU
                var record = RoundFigures.record(round: round, results: measured, usage: usage)
                record.phases = RoundFigures.phases(measured)
                run.rounds.append(record)
            }
        }
        // A bounded wait for what is still queued (MetricsPublisher.drainSeconds); what did not
        // go is said in the log and kept in the report's notes.
        if let publisher, let unsent = await publisher.finish() {
            observer(.warning(unsent))
            run.traceWarnings.append(unsent)
        }
        run.traceEvidence = traces?.evidence(problems: traceProblems)
        run.clientService = clientService
    }

    /// Runs one phase, telling the observer when it starts and ends (for the progress line).
    func runPhase(
        _ phase: Phase, index: Int, round: Int, runner: PhaseRunner, dataset: LoadedDataset?,
        publisher: MetricsPublisher?, observer: EngineObserver
    ) async -> PhaseResult {
        let fraction = scenario.tracing.enabled ? (phase.sampleFraction ?? scenario.tracing.sampleFraction) : 0
        let live = LiveTimeline(detailed: publisher != nil)
        let progress = PhaseProgress(name: phase.name, started: Date(), live: live)
        observer(.phaseStarted(progress))
        await publisher?.phaseStarted(phase, live: live)
        let factory = RequestFactory(
            collection: scenario.collection, dataset: scenario.dataset, phase: index, round: round, loaded: dataset)
        let result = await runner.run(phase, index: index, factory: factory, sampleFraction: fraction, live: live)
        observer(.phaseEnded(progress, progress.figures(done: true, elapsed: result.elapsedSeconds)))
        await publisher?.phaseEnded(result)
        return result
    }
}
