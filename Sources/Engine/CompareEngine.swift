import Comparison
import EmbeddedMilvus
import Foundation
import Results
import Scenario
import ServerMetrics
import Workload

/// `traceload compare`: variants of a scenario measured against its baseline in many short
/// blocks. Variants that need the same Milvus (target, collection, data, server-side tracing)
/// share one, prepared once; the others each get a Milvus of their own, all alive for the whole
/// comparison. Every round runs one block per variant in a randomised, balanced order (round 0,
/// a warm-up, is not counted); a variant's block is paired with the baseline's block of the
/// same round. Rounds go on until the stop rule says enough.
package struct CompareEngine: Sendable {
    package let options: CompareOptions

    package init(options: CompareOptions) {
        self.options = options
    }

    package func run(
        control: RunControl, observer: @escaping EngineObserver,
        onRound: @escaping @Sendable (CompareProgress) async -> Void
    ) async -> CompareEnd {
        let started = Date()
        var variants = options.variants
        guard let baseline = variants.first else {
            return .failed(EngineError("nothing to compare", cause: .badInput), nil)
        }
        if options.aa {
            variants.append(
                CompareVariant(name: CompareOptions.aaName, settings: ["the baseline again"], scenario: baseline.scenario))
        }
        MilvusServer.removeLeftovers(observer: observer)
        let plan = ServerPlan(
            variants: variants, clientOnly: options.clientOnly, aaOwnServer: options.aa,
            restarts: options.restartCommand != nil)
        for note in plan.notes { observer(.log(note)) }
        var servers: [MilvusServer] = []
        var restart = options.restartCommand.map(ServerRestart.init)
        let base = options.milvusDirectory ?? MilvusAccess.temporaryDirectory("compare")
        var progress: CompareProgress?
        var state = CompareState(variants: variants)
        var failure: EngineError?
        var rounds = 0
        do {
            for (index, group) in plan.groups.enumerated() where !control.stop.isStopped {
                observer(.log("server \(index + 1) of \(plan.groups.count): for \(group.variants.map { variants[$0].name }.joined(separator: ", "))"))
                let server = try await MilvusServer.start(
                    group.scenario,
                    options: .init(
                        directory: "\(base)/server-\(index + 1)", keepsData: options.milvusDirectory != nil,
                        receiverExecutable: options.receiverExecutable, tallyStarts: true,
                        patienceSeconds: group.scenario.milvus.isEmbedded ? 10 : 30),
                    control: control, observer: observer)
                servers.append(server)
                // The external Milvus's tracing is unknown until traceload has set it.
                try await restart?.ensure(plan.tracing?[group.variants[0]], on: server, control: control, observer: observer)
                try await server.prepare(control: control, observer: observer)
                await runWarmups(server: server, control: control, observer: observer)
            }
            let blockPhases = Self.blockPhases(baseline.scenario, seconds: options.blockSeconds)
            guard !blockPhases.isEmpty else {
                throw EngineError("the scenario has no measured phase to compare", cause: .badInput)
            }
            var schedule = BlockSchedule(variants: variants.count, seed: options.seed)
            var round = 0
            var roundSeconds: [Double] = []
            var unattributed: [SpanWindow] = []
            var work: [BlockWork] = []
            // Idle CPU per server (each Milvus its own process), traceload's pooled over all.
            var idle = Array(repeating: IdleRates(), count: servers.count)
            while !control.stop.isStopped {
                let roundStart = Date()
                let order = plan.arranged(schedule.order(round: round), after: restart?.present)
                observer(.log(round == 0 ? "warm-up round (not counted): \(order.map { variants[$0].name }.joined(separator: " "))" : "round \(round): \(order.map { variants[$0].name }.joined(separator: " "))"))
                var blocks: [(Int, Block)] = []
                for index in order where !control.stop.isStopped {
                    let server = servers[plan.serverOf[index]]
                    try await restart?.ensure(plan.tracing?[index], on: server, control: control, observer: observer)
                    let block = await runBlock(variants[index], on: server, phases: blockPhases, round: round, control: control)
                    if block.results.contains(where: { $0.stoppedEarly != nil }) { break }
                    blocks.append((index, block))
                }
                guard blocks.count == order.count else { break }
                roundSeconds.append(Date().timeIntervalSince(roundStart))
                for (index, block) in blocks { idle[plan.serverOf[index]].add(block.idle) }
                if round > 0 {
                    for (position, (index, block)) in blocks.enumerated() {
                        let record = RoundFigures.record(
                            round: round, position: position, results: block.results, usage: block.usage)
                        unattributed.append(
                            SpanWindow(
                                variant: index, round: state.rounds[index].count, server: plan.serverOf[index],
                                nanos: block.window, seconds: record.seconds))
                        work.append(
                            BlockWork(
                                variant: index, round: state.rounds[index].count, server: plan.serverOf[index],
                                cpu: block.usage.clientCPU, serverCPU: block.usage.serverCPU,
                                wallSeconds: block.wallSeconds))
                        state.add(record, results: block.results, variant: index)
                    }
                }
                Self.setWork(&state, work, idle: idle)
                await attributeSpans(&state, &unattributed, servers: servers, sentBy: Date() - Self.exportDelay)
                rounds = round
                let current = makeProgress(
                    state, variants: variants, plan: plan, servers: servers, stopReason: "", restart: restart)
                if round > 0 {
                    let decision = options.rule.decide(
                        rounds: round, elapsed: Date().timeIntervalSince(started),
                        roundSeconds: roundSeconds.suffix(3).reduce(0, +) / Double(min(3, roundSeconds.count)),
                        headlines: current.summary.headlineWidths)
                    progress = current
                    if case .stop(let why) = decision {
                        progress = makeProgress(
                            state, variants: variants, plan: plan, servers: servers, stopReason: why, restart: restart)
                        await onRound(progress!)
                        break
                    }
                    await onRound(current)
                }
                round += 1
            }
            if let last = unattributed.last, !control.isHurried, var final = progress {
                let waited = Date(timeIntervalSince1970: Double(last.nanos.upperBound) / 1e9) + Self.exportDelay
                while Date() < waited && !control.isHurried { try? await Task.sleep(for: .milliseconds(100)) }
                await attributeSpans(&state, &unattributed, servers: servers, sentBy: Date() - Self.exportDelay)
                final = makeProgress(
                    state, variants: variants, plan: plan, servers: servers, stopReason: final.summary.stopReason,
                    restart: restart)
                progress = final
            }
        } catch {
            failure = EngineError(error)
        }
        var crashes: [String] = []
        var logs: [String] = []
        for server in servers {
            let stopped = await server.stop(
                now: control.isHurried, failed: failure != nil || control.stop.reason != nil, observer: observer)
            crashes += stopped.crashes
            if !stopped.crashes.isEmpty, let embedded = server.embedded { logs.append(embedded.logDirectory) }
        }
        // A crashed server's logs stay (its data is gone); otherwise the temporary servers go.
        if options.milvusDirectory == nil && crashes.isEmpty { try? FileManager.default.removeItem(atPath: base) }
        // A crashed Milvus ends the comparison: its rounds so far stand, the crash comes first.
        if let crash = crashes.first {
            let kept = logs.isEmpty ? "" : " (Milvus logs: \(logs.joined(separator: ", ")))"
            let message = crash + "; the comparison stopped after \(max(0, rounds)) counted round\(rounds == 1 ? "" : "s")" + kept
            progress?.summary.failure = message
            progress?.summary.stopReason = "stopped: " + crash
            return .failed(EngineError(message, cause: .milvusExited), progress)
        }
        if let failure {
            progress?.summary.failure = failure.message
            return .failed(failure, progress)
        }
        if let reason = control.stop.reason {
            if var stopped = progress {
                stopped.summary.stopReason = "stopped: \(reason)"
                return .stopped(stopped, reason: reason.description)
            }
            return .stopped(nil, reason: reason.description)
        }
        guard let progress else { return .failed(EngineError("no round completed"), nil) }
        return .finished(progress)
    }

    /// The measured phases of a block: the scenario's, their durations scaled so that together
    /// they last `seconds` (a phase of a request count keeps its count).
    static func blockPhases(_ scenario: Scenario, seconds: Double) -> [Phase] {
        let measured = scenario.phases.filter { !$0.warmup }
        let total = measured.reduce(0.0) { sum, phase in
            if case .duration(let d) = phase.length { return sum + d }
            return sum
        }
        return measured.map { phase in
            var scaled = phase
            if case .duration(let d) = phase.length, total > 0 { scaled.length = .duration(seconds: d * seconds / total) }
            return scaled
        }
    }

    /// The scenario's warm-up phases, once, on a freshly prepared server.
    func runWarmups(server: MilvusServer, control: RunControl, observer: @escaping EngineObserver) async {
        let runner = PhaseRunner(
            client: server.session.client, tracer: nil, stop: control.stop, seed: server.scenario.dataset.seed)
        for (index, phase) in server.scenario.phases.enumerated() where phase.warmup && !control.stop.isStopped {
            let factory = RequestFactory(
                collection: server.scenario.collection, dataset: server.scenario.dataset, phase: index, round: 0,
                loaded: server.dataset)
            let result = await runner.run(phase, index: index, factory: factory, sampleFraction: 0, live: LiveTimeline())
            observer(.log("warm-up phase \(phase.name): \(result.totalRequests) requests in \(String(format: "%.1f", result.elapsedSeconds)) s"))
        }
    }

    /// What one block ran and used.
    struct Block {
        var results: [PhaseResult]
        var usage: ResourceUsage
        /// Unix nanoseconds from its first request to its last response.
        var window: ClosedRange<UInt64>
        /// Seconds between the two CPU readings of `usage`.
        var wallSeconds: Double
        /// traceload's and Milvus's CPU over the idle half second after the block.
        var idle: IdleRates
    }

    /// One variant's block: its phases on its server, what they used (client spans flushed and
    /// half a second given to the server's exporters before the end is read, in every block
    /// alike; traceload's and the embedded Milvus's CPU in that half second are their idle
    /// rates), and when its requests
    /// were in flight.
    func runBlock(
        _ variant: CompareVariant, on server: MilvusServer, phases: [Phase], round: Int, control: RunControl
    ) async -> Block {
        let scenario = variant.scenario
        // As in a run: tracing.propagate: false sends no trace context.
        let traces = scenario.tracing.enabled && scenario.tracing.propagate
        let runner = PhaseRunner(
            client: server.session.client, tracer: traces ? server.client?.tracer : nil, stop: control.stop,
            seed: PhaseRunner.seed(scenario.dataset.seed, round: round), stopOnError: scenario.stopOnError)
        let probe = server.probe(metricsCPU: true)
        let started = Date()
        let before = await probe.snapshot()
        let first = Self.nowNanos()
        var results: [PhaseResult] = []
        let variantPhases = Self.blockPhases(scenario, seconds: options.blockSeconds)
        for (offset, phase) in (variantPhases.isEmpty ? phases : variantPhases).enumerated() where !control.stop.isStopped {
            let index = scenario.phases.firstIndex { $0.name == phase.name } ?? offset
            let factory = RequestFactory(
                collection: server.scenario.collection, dataset: scenario.dataset, phase: index, round: round,
                loaded: server.dataset)
            let fraction = traces ? (phase.sampleFraction ?? scenario.tracing.sampleFraction) : 0
            // A crash is then told as "at 1.2 s of phase search of variant client-1, round 3".
            server.watch?.enterPhase("\(phase.name) of variant \(variant.name), round \(round)")
            results.append(
                await runner.run(phase, index: index, factory: factory, sampleFraction: fraction, live: LiveTimeline()))
            server.watch?.enterPhase(nil)
        }
        let last = Self.nowNanos()
        await server.client?.tracing.flush()
        let (idleStart, idleStartCPU, idleStartServer) = (Date(), HostCPU.processSeconds(), probe.serverCPUNow())
        try? await Task.sleep(for: .milliseconds(500))
        let (idleEnd, idleEndCPU, idleEndServer) = (Date(), HostCPU.processSeconds(), probe.serverCPUNow())
        var usage = ResourceUsage()
        usage.add(from: before, to: await probe.snapshot(settled: true))
        return Block(
            results: results, usage: usage, window: first...max(first, last),
            wallSeconds: idleEnd.timeIntervalSince(started),
            idle: IdleRates(
                seconds: idleEnd.timeIntervalSince(idleStart), client: idleEndCPU - idleStartCPU,
                server: idleEndServer.flatMap { end in idleStartServer.map { end - $0 } }))
    }

    static func nowNanos() -> UInt64 { UInt64(Date().timeIntervalSince1970 * 1e9) }
}
