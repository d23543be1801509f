import Foundation
import MilvusClient
import MilvusProto
import Scenario
import Synchronization
import TraceContext

/// Runs one phase: N workers, closed or open loop, each with its own recorder.
public struct PhaseRunner: Sendable {
    public let client: MilvusClient
    public let tracer: (any RequestTracer)?
    public let stop: StopSignal
    /// Seeds the workers' generators, so a rerun sends the same sequence of operations.
    public let seed: UInt64
    /// Stop the run (through `stop`) at the first failed request.
    public let stopOnError: Bool

    public init(client: MilvusClient, tracer: (any RequestTracer)?, stop: StopSignal, seed: UInt64, stopOnError: Bool = false) {
        self.stopOnError = stopOnError
        self.client = client
        self.tracer = tracer
        self.stop = stop
        self.seed = seed
    }

    /// Runs `phase` to its end (or until `stop`). `live` receives the timeline as it fills.
    public func run(_ phase: Phase, index: Int, factory: RequestFactory, sampleFraction: Double, live: LiveTimeline) async -> PhaseResult {
        let pools = RequestPools(phase: phase, factory: factory)
        let mix = OperationPicker(phase.mix)
        let threshold = SamplingThreshold(fraction: tracer == nil ? 0 : sampleFraction)
        let startWall = MonotonicClock.wallNanoseconds()
        let start = MonotonicClock.now()
        let deadline: UInt64 = switch phase.length {
        case .duration(let seconds): start + UInt64(seconds * 1e9)
        case .requests: .max
        }
        let budget: Int? = if case .requests(let count) = phase.length { count } else { nil }
        let schedule = phase.rate.map { ArrivalSchedule(rate: $0, durationSeconds: phase.length.seconds ?? Double(budget ?? 1) / max($0.start, 1e-9)) }
        let tickets = TicketCounter()

        let recorders = await withTaskGroup(of: WorkerRecorder.self) { group in
            for worker in 0..<phase.workers {
                let context = WorkerContext(
                    runner: self, pools: pools, mix: mix, threshold: threshold, connection: client.connection(for: worker),
                    start: start, load: LoadModel(start: start, deadline: deadline, budget: budget, schedule: schedule),
                    seed: seed &+ UInt64(index) &* 1_000_003 &+ UInt64(worker) &* 7919
                )
                // On the connection's event loop: a call and its answer stay on one thread.
                group.addTask(executorPreference: context.connection.taskExecutor) { await context.run(tickets: tickets, live: live) }
            }
            var all: [WorkerRecorder] = []
            for await recorder in group { all.append(recorder) }
            return all
        }

        var operations: [OperationKind: OperationStats] = [:]
        var sampled: [SampledRequest] = []
        for recorder in recorders {
            for (kind, stats) in recorder.operations { operations[kind, default: OperationStats()].merge(stats) }
            sampled.append(contentsOf: recorder.sampled)
        }
        sampled.sort { $0.startUnixNanos < $1.startUnixNanos }
        let elapsed = Double(MonotonicClock.now() - start) / 1e9
        var result = PhaseResult(
            phase: phase, startUnixNanos: startWall, elapsedSeconds: elapsed, operations: operations,
            timeline: live.snapshot(), sampled: sampled, sampleFraction: threshold == SamplingThreshold(fraction: 0) ? 0 : sampleFraction,
            stoppedEarly: stop.isStopped ? stop.reason : nil
        )
        if stop.isStopped, let at = stop.stoppedAt { result.stoppedAfterSeconds = at > start ? Double(at - start) / 1e9 : 0 }
        return result
    }
}

extension PhaseRunner {
    /// How a run ended by `onError: stop` is marked.
    public static let stoppedOnError = "stopped at the first failed request"
}

extension PhaseLength {
    var seconds: Double? {
        if case .duration(let seconds) = self { return seconds }
        return nil
    }
}

/// Prebuilt requests for a phase, shared read-only by its workers.
struct RequestPools: Sendable {
    let search: [Milvus_Proto_Milvus_SearchRequest]
    let insert: [Milvus_Proto_Milvus_InsertRequest]
    let query: Milvus_Proto_Milvus_QueryRequest
    let insertBatch: Int

    init(phase: Phase, factory: RequestFactory) {
        var factory = factory
        let dim = factory.collection.dim
        // Bound the pools' memory (about 32 MB of floats each) whatever the batch and dimension.
        let floatBudget = 8_000_000
        search = phase.mix[.search] == nil ? [] : (0..<max(1, min(256, floatBudget / (phase.search.nq * dim)))).map { _ in factory.search(phase.search) }
        insert = phase.mix[.insert] == nil ? [] : (0..<max(1, min(16, floatBudget / (phase.insert.batch * dim)))).map { _ in factory.insert(rows: phase.insert.batch) }
        query = factory.query(phase.query)
        insertBatch = phase.insert.batch
    }
}

/// Picks the next operation by weight with one random draw.
struct OperationPicker: Sendable {
    let kinds: [OperationKind]
    let cumulative: [Double]

    init(_ mix: [OperationKind: Double]) {
        kinds = mix.keys.sorted()
        var total = 0.0
        cumulative = kinds.map { total += mix[$0] ?? 0; return total }
    }

    @inline(__always)
    func pick(_ unit: Double) -> OperationKind {
        let target = unit * (cumulative.last ?? 1)
        for (i, bound) in cumulative.enumerated() where target < bound { return kinds[i] }
        return kinds.last ?? .search
    }
}

/// One worker's loop. Everything it touches per request is its own or immutable.
struct WorkerContext: Sendable {
    let runner: PhaseRunner
    let pools: RequestPools
    let mix: OperationPicker
    let threshold: SamplingThreshold
    let connection: MilvusConnection
    let start: UInt64
    let load: LoadModel
    let seed: UInt64

    func run(tickets: TicketCounter, live: LiveTimeline) async -> WorkerRecorder {
        var rng = Xoshiro256(seed: seed)
        var recorder = WorkerRecorder(phaseStart: start, live: live)
        while !runner.stop.isStopped && !Task.isCancelled {
            let ticket = tickets.next()
            let begin: UInt64
            switch load.step(ticket: ticket, now: MonotonicClock.now()) {
            case .stop:
                recorder.finish()
                return recorder
            case .issue(let intended):
                begin = intended
            case .wait(let until):
                let now = MonotonicClock.now()
                if until > now { try? await Task.sleep(nanoseconds: until - now) }
                begin = until
            }
            if runner.stop.isStopped { break }
            let kind = mix.pick(rng.nextUnit())
            if await issue(kind, intendedStart: begin, rng: &rng, recorder: &recorder) {
                // The connection is down: a worker that retried at once would spin thousands of
                // failures a second while the client reconnects in the background.
                try? await Task.sleep(nanoseconds: Self.pauseAfterTransportFailure)
            }
        }
        recorder.finish()
        return recorder
    }

    static let pauseAfterTransportFailure: UInt64 = 50_000_000

    /// Sends one request and records it; true when it failed below Milvus (connection lost).
    @inline(__always)
    func issue(_ kind: OperationKind, intendedStart: UInt64, rng: inout Xoshiro256, recorder: inout WorkerRecorder) async -> Bool {
        var traced: TracedRequest?
        var header: String?
        if let tracer = runner.tracer {
            if threshold.sample(rng.next()) {
                traced = tracer.start(method: kind.milvusMethod)
                header = traced?.traceparent
            } else {
                header = Traceparent.unsampled(&rng)
            }
        }
        let wallStart = traced == nil ? 0 : MonotonicClock.wallNanoseconds()
        let callStart = MonotonicClock.now()
        var rows = 0
        var failure: MilvusError?
        do {
            switch kind {
            case .search:
                try await runner.client.search(pools.search[Int(rng.next() % UInt64(pools.search.count))], on: connection, traceparent: header)
            case .insert:
                rows = try await runner.client.insert(pools.insert[Int(rng.next() % UInt64(pools.insert.count))], on: connection, traceparent: header)
            case .query:
                try await runner.client.query(pools.query, on: connection, traceparent: header)
            }
        } catch {
            failure = error
        }
        let end = MonotonicClock.now()
        let errorKind = failure.map { MilvusErrorKind($0.kind, message: $0.description) }
        recorder.record(kind, latency: end &- intendedStart, end: end, rows: rows, error: errorKind)
        if let traced {
            traced.end(failure?.kind, wallStart, end &- callStart)
            recorder.sampled.append(SampledRequest(
                traceID: traced.traceID, spanID: traced.spanID, operation: kind, startUnixNanos: wallStart,
                latencyNanos: end &- callStart, error: failure?.kind
            ))
        }
        guard let failure else { return false }
        if runner.stopOnError { runner.stop.stop(reason: "\(PhaseRunner.stoppedOnError) (\(kind.rawValue): \(failure))") }
        if case .transport = failure { return true }
        return false
    }
}

/// Hands out request numbers across workers: the open-loop slot, and the budget of a
/// request-count phase.
final class TicketCounter: Sendable {
    private let counter = Atomic<Int>(0)

    @inline(__always)
    func next() -> Int { counter.wrappingAdd(1, ordering: .relaxed).oldValue }
}
