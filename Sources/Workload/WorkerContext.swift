import Foundation
import MilvusClient
import MilvusProto
import Scenario
import Synchronization
import TraceContext

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
        recorder.answerLimit = pools.answerLimit
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
    func issue(_ kind: OperationKind, intendedStart: UInt64, rng: inout Xoshiro256, recorder: inout WorkerRecorder)
        async -> Bool
    {
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
        let wallStart = traced == nil ? 0 : WallClock.nanoseconds()
        recorder.live.began()
        let callStart = MonotonicClock.now()
        var rows = 0
        var failure: MilvusError?
        var checked: (results: Milvus_Proto_Milvus_SearchResults, firstQuery: Int)?
        do {
            switch kind {
            case .search:
                let index = Int(rng.next() % UInt64(pools.search.count))
                let results = try await runner.client.search(pools.search[index], on: connection, traceparent: header)
                if let recall = pools.recall, recall.sampling.sample(rng.next()) {
                    checked = (results, pools.searchQueries[index])
                }
            case .insert:
                rows = try await runner.client.insert(
                    pools.insert[Int(rng.next() % UInt64(pools.insert.count))], on: connection, traceparent: header)
            case .query:
                try await runner.client.query(pools.query, on: connection, traceparent: header)
            }
        } catch {
            failure = error
        }
        let end = MonotonicClock.now()
        recorder.live.ended()
        let errorKind = failure.map { MilvusErrorKind($0.kind, message: $0.description) }
        recorder.record(kind, latency: end &- intendedStart, end: end, rows: rows, error: errorKind)
        if let checked, let recall = pools.recall {
            // After the clock stopped: checking is not part of the search's latency.
            let count = recall.count(checked.results, firstQuery: checked.firstQuery)
            recorder.recordRecall(hits: count.hits, expected: count.expected)
            if recorder.answers.count < recorder.answerLimit {
                recorder.answers += SearchAnswer.split(checked.results, firstQuery: checked.firstQuery, queries: recall.queries)
            }
        }
        if let traced {
            traced.end(failure?.kind, wallStart, end &- callStart)
            recorder.recordSampled()
            recorder.sampled.append(
                SampledRequest(
                    traceID: traced.traceID, spanID: traced.spanID, operation: kind, startUnixNanos: wallStart,
                    latencyNanos: end &- callStart, error: failure?.kind,
                    // A closed loop issues at once: only an open loop's request waits behind its slot.
                    queuedNanos: load.schedule != nil && callStart > intendedStart ? callStart - intendedStart : 0
                ))
        }
        guard let failure else { return false }
        if runner.stopOnError {
            runner.stop.stop(.firstError(operation: kind.rawValue, message: "\(failure)"))
        }
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
