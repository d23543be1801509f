import Foundation
import MilvusClient
import MilvusProto
import Scenario
import Synchronization
import TraceContext

/// Runs one phase: N workers, closed or open loop, each with its own recorder.
package struct PhaseRunner: Sendable {
    package let client: MilvusClient
    package let tracer: (any RequestTracer)?
    package let stop: StopSignal
    /// Seeds the workers' generators, so a rerun sends the same sequence of operations.
    package let seed: UInt64
    /// Stop the run (through `stop`) at the first failed request.
    package let stopOnError: Bool

    package init(
        client: MilvusClient, tracer: (any RequestTracer)?, stop: StopSignal, seed: UInt64, stopOnError: Bool = false
    ) {
        self.stopOnError = stopOnError
        self.client = client
        self.tracer = tracer
        self.stop = stop
        self.seed = seed
    }

    /// The workers' seed of round `round`: each round picks other operations, the same ones on every rerun.
    package static func seed(_ base: UInt64, round: Int) -> UInt64 { base &+ UInt64(round) &* 7_919 }

    /// Runs `phase` to its end (or until `stop`). `live` receives the timeline as it fills.
    package func run(_ phase: Phase, index: Int, factory: RequestFactory, sampleFraction: Double, live: LiveTimeline)
        async -> PhaseResult
    {
        let pools = RequestPools(phase: phase, factory: factory)
        let mix = OperationPicker(phase.mix)
        let threshold = SamplingThreshold(fraction: tracer == nil ? 0 : sampleFraction)
        let startWall = WallClock.nanoseconds()
        let start = MonotonicClock.now()
        live.markStarted(unixNanos: startWall)
        let deadline: UInt64 =
            switch phase.length {
            case .duration(let seconds): start + UInt64(seconds * 1e9)
            case .requests: .max
            }
        let budget: Int? = if case .requests(let count) = phase.length { count } else { nil }
        let schedule = phase.rate.map {
            ArrivalSchedule(
                rate: $0, durationSeconds: phase.length.seconds ?? Double(budget ?? 1) / max($0.start, 1e-9))
        }
        let tickets = TicketCounter()

        let recorders = await withTaskGroup(of: WorkerRecorder.self) { group in
            for worker in 0..<phase.workers {
                let context = WorkerContext(
                    runner: self, pools: pools, mix: mix, threshold: threshold,
                    connection: client.connection(for: worker),
                    start: start, load: LoadModel(start: start, deadline: deadline, budget: budget, schedule: schedule),
                    seed: seed &+ UInt64(index) &* 1_000_003 &+ UInt64(worker) &* 7919
                )
                // On the connection's event loop: a call and its answer stay on one thread.
                group.addTask(executorPreference: context.connection.taskExecutor) {
                    await context.run(tickets: tickets, live: live)
                }
            }
            var all: [WorkerRecorder] = []
            for await recorder in group { all.append(recorder) }
            return all
        }

        var operations: [OperationKind: OperationStats] = [:]
        var sampled: [SampledRequest] = []
        var answers: [SearchAnswer] = []
        for recorder in recorders {
            answers += recorder.answers
            for (kind, stats) in recorder.operations { operations[kind, default: OperationStats()].merge(stats) }
            sampled.append(contentsOf: recorder.sampled)
        }
        sampled.sort { $0.startUnixNanos < $1.startUnixNanos }
        let elapsed = Double(MonotonicClock.now() - start) / 1e9
        var result = PhaseResult(
            phase: phase, startUnixNanos: startWall, elapsedSeconds: elapsed, operations: operations,
            timeline: live.snapshot(), sampled: sampled,
            sampleFraction: threshold == SamplingThreshold(fraction: 0) ? 0 : sampleFraction,
            stoppedEarly: stop.isStopped ? stop.reason : nil
        )
        result.answers = answers
        if stop.isStopped, let at = stop.stoppedAt {
            result.stoppedAfterSeconds = at > start ? Double(at - start) / 1e9 : 0
        }
        return result
    }
}

extension PhaseLength {
    var seconds: Double? {
        if case .duration(let seconds) = self { return seconds }
        return nil
    }
}
