import Scenario
import Testing
import Workload

/// The hot path — `PhaseRunner` and its workers' `WorkerContext` — against a null Milvus in this
/// process, its side counted by the server. Every assertion is on counts and on bounds that hold
/// however slow the machine is (a slower machine sends fewer requests, and waits longer); none on
/// how fast anything went.
@Suite struct PhaseRunnerTests {
    // MARK: closed loop

    @Test func aRequestCountPhaseSendsExactlyThatManyRequests() async throws {
        let phase = Phase(name: "count", length: .requests(237), workers: 3, mix: [.search: 3, .insert: 1, .query: 1])
        try await NullMilvusFixture.serving(workers: 3) { milvus in
            let result = await milvus.run(phase)
            #expect(result.totalRequests == 237 && result.totalErrors == 0 && result.stoppedEarly == nil)
            // The server received what the phase counted, method by method.
            for (kind, method) in [(OperationKind.search, "Search"), (.insert, "Insert"), (.query, "Query")] {
                let received = milvus.received(method).requests
                #expect(received > 0 && result.operations[kind]?.requests == received, "\(method): \(received)")
            }
            let inserts = try #require(result.operations[.insert])
            #expect(inserts.rows == inserts.requests * phase.insert.batch)
            #expect(result.timeline.reduce(0) { $0 + $1.requests } == 237)
        }
    }

    /// Each worker has one request out at a time, and its latency is the request's own time (no
    /// intended start to wait behind): no latency is below the service time, and the latencies
    /// added up fit in the time the workers ran.
    @Test func aClosedLoopWorkerHasOneRequestOutAtATime() async throws {
        let serviceMicros = 20_000.0
        let phase = Phase(name: "closed", length: .requests(60), workers: 3, mix: [.search: 1])
        try await NullMilvusFixture.serving(searchLatency: .milliseconds(20), workers: 3) { milvus in
            let result = await milvus.run(phase)
            let search = try #require(result.operations[.search])
            #expect(search.requests == 60 && search.errors.isEmpty)
            #expect(milvus.tally.mostAtOnce <= phase.workers, "\(milvus.tally.mostAtOnce) requests at once")
            #expect(Double(search.histogram.min) >= serviceMicros * 0.99)
            let busySeconds = search.histogram.mean * Double(search.histogram.totalCount) / 1e6
            #expect(busySeconds <= Double(phase.workers) * result.elapsedSeconds * 1.01)
        }
    }

    /// One worker's sampled requests, in order, each start after the one before ended.
    @Test func oneWorkersRequestsFollowEachOther() async throws {
        let phase = Phase(name: "one", length: .requests(40), workers: 1, mix: [.search: 1])
        try await NullMilvusFixture.serving(searchLatency: .milliseconds(5), workers: 1) { milvus in
            let result = await milvus.run(phase, tracer: CountingTracer(), sampleFraction: 1)
            #expect(result.sampled.count == 40 && milvus.tally.mostAtOnce == 1)
            // Wall-clock starts against monotonic durations: allow the clocks a few microseconds apart.
            for (earlier, later) in zip(result.sampled, result.sampled.dropFirst()) {
                #expect(later.startUnixNanos + 50_000 >= earlier.startUnixNanos + earlier.latencyNanos)
            }
        }
    }

    // MARK: open loop

    /// Every arrival the schedule holds is either sent (the server received it) or counted as not
    /// sent, whether or not the worker keeps up.
    @Test(arguments: [(40.0, 40), (100.0, 0)])
    func everyScheduledArrivalIsSentOrCountedAsNotSent(rate: Double, serviceMillis: Int) async throws {
        let phase = Phase(
            name: "open", length: .duration(seconds: 1), workers: 1, rate: ArrivalRate(constant: rate),
            mix: [.search: 1])
        let schedule = ArrivalSchedule(rate: ArrivalRate(constant: rate), durationSeconds: 1)
        let slots = (0..<10_000).prefix { schedule.intendedStart($0) < 1 }.count
        let latency: Duration? = serviceMillis > 0 ? .milliseconds(serviceMillis) : nil
        try await NullMilvusFixture.serving(searchLatency: latency, workers: 1) { milvus in
            let result = await milvus.run(phase)
            let sent = milvus.received("Search").requests
            #expect(result.totalRequests == sent)
            #expect(sent + result.unsent == slots, "sent \(sent), not sent \(result.unsent), scheduled \(slots)")
            // A 40 ms service time against an arrival every 25 ms: one worker cannot send them all.
            if serviceMillis * Int(rate) > 1000 { #expect(result.unsent > 0) }
        }
    }

    /// Coordinated omission: with one worker, a 50 ms service time and an arrival every 20 ms, the
    /// k-th request (from 0) cannot end before (k+1) × 50 ms, and was due at k × 20 ms: measured
    /// from its intended start, its latency is at least 50 + k × 30 ms — the wait in the queue the
    /// slow server built, which a latency measured from the actual send would hide.
    @Test func openLoopLatencyIncludesTheWaitBehindASlowServer() async throws {
        let (service, interval) = (0.050, 0.020)
        let phase = Phase(
            name: "behind", length: .duration(seconds: 1), workers: 1, rate: ArrivalRate(constant: 1 / interval),
            mix: [.search: 1])
        try await NullMilvusFixture.serving(searchLatency: .milliseconds(50), workers: 1) { milvus in
            let result = await milvus.run(phase, tracer: CountingTracer(), sampleFraction: 1)
            let search = try #require(result.operations[.search])
            let sent = search.successes
            #expect(sent >= 2 && milvus.tally.mostAtOnce == 1)
            let floorMicros = { (k: Int) in (service + Double(k) * (service - interval)) * 1e6 }
            // Microsecond truncation and the histogram's 0.1 % buckets: 1 % of slack.
            #expect(Double(search.histogram.maxRecorded) >= floorMicros(sent - 1) * 0.99)
            let total = search.histogram.mean * Double(sent)
            let totalFloor = (0..<sent).map(floorMicros).reduce(0, +)
            #expect(total >= totalFloor * 0.99, "\(total) µs in all, at least \(totalFloor) µs expected")
            // The requests' own time (their client spans) is the service time, not the wait.
            #expect(result.sampled.count == sent)
            #expect(result.sampled.allSatisfy { Double($0.latencyNanos) >= service * 1e9 })
        }
    }

    // MARK: stop

    /// A stop ends a 10-minute phase at once: each worker finishes the request it has out and
    /// sends no other, and the result says why and when it stopped.
    @Test(arguments: [nil, ArrivalRate(constant: 200)])
    func aStopEndsALongPhasePromptly(rate: ArrivalRate?) async throws {
        let phase = Phase(name: "long", length: .duration(seconds: 600), workers: 2, rate: rate, mix: [.search: 1])
        let stop = StopSignal()
        try await NullMilvusFixture.serving(searchLatency: .milliseconds(5), workers: 2) { milvus in
            let stopping = Task {
                while milvus.received("Search").requests < 10 { try? await Task.sleep(for: .milliseconds(10)) }
                let before = milvus.received("Search").requests
                stop.stop(.interrupted(signal: "SIGINT"))
                return before
            }
            let result = await milvus.run(phase, stop: stop)
            let receivedAtStop = await stopping.value
            #expect(result.stoppedEarly == .interrupted(signal: "SIGINT"))
            let stoppedAfter = try #require(result.stoppedAfterSeconds)
            #expect(stoppedAfter <= result.elapsedSeconds && result.elapsedSeconds < 300)
            // Every request sent was answered and counted; at most one per worker went out (or
            // was on its way) after the stop.
            let received = milvus.received("Search").requests
            #expect(result.totalRequests == received)
            #expect(
                received <= receivedAtStop + 2 * phase.workers, "\(received) received, \(receivedAtStop) at the stop")
            if let rate {
                // The schedule is accounted for: sent, not sent (behind), not sent (after the stop).
                let scheduled = Int(ArrivalSchedule(rate: rate, durationSeconds: 600).expectedRequests.rounded(.down))
                #expect(result.totalRequests + result.unsent + result.unsentAfterStop == scheduled)
            }
        }
    }

    // MARK: errors

    @Test func milvusErrorsAreCountedPerOperationWithAnExample() async throws {
        let phase = Phase(name: "errors", length: .requests(120), workers: 2, mix: [.search: 1, .insert: 1])
        try await NullMilvusFixture.serving(failing: ["Search": "field tenantid not exist"], workers: 2) { milvus in
            let result = await milvus.run(phase)
            let (searches, inserts) = (milvus.received("Search").requests, milvus.received("Insert").requests)
            #expect(searches + inserts == 120 && searches > 0 && inserts > 0)
            let search = try #require(result.operations[.search])
            #expect(search.errors == ["server:1100": searches] && search.successes == 0)
            #expect(search.errorExamples["server:1100"]?.contains("field tenantid not exist") == true)
            let insert = try #require(result.operations[.insert])
            #expect(insert.errors.isEmpty && insert.successes == inserts)
            #expect(result.totalErrors == searches && result.timeline.reduce(0) { $0 + $1.errors } == searches)
            #expect(result.stoppedEarly == nil)
        }
    }

    @Test func stopOnErrorStopsAtTheFirstFailedRequest() async throws {
        let phase = Phase(name: "first", length: .duration(seconds: 600), workers: 1, mix: [.search: 1])
        let stop = StopSignal()
        try await NullMilvusFixture.serving(failing: ["Search": "field tenantid not exist"], workers: 1) { milvus in
            let result = await milvus.run(phase, stop: stop, stopOnError: true)
            // One worker: the request that failed was the last one it sent.
            #expect(milvus.received("Search").requests == 1)
            #expect(result.totalRequests == 1 && result.totalErrors == 1)
            guard case .firstError(let operation, let message) = result.stoppedEarly else {
                Issue.record("stopped: \(String(describing: result.stoppedEarly))")
                return
            }
            #expect(operation == "search" && message.contains("field tenantid not exist"), "\(message)")
            #expect(stop.reason == result.stoppedEarly)
        }
    }

    // MARK: sampling

    @Test func sampleFractionOneTracesEveryRequest() async throws {
        let phase = Phase(name: "all", length: .requests(50), workers: 2, mix: [.search: 1])
        let tracer = CountingTracer()
        try await NullMilvusFixture.serving(workers: 2) { milvus in
            let result = await milvus.run(phase, tracer: tracer, sampleFraction: 1)
            #expect(result.sampled.count == 50 && result.sampleFraction == 1)
            #expect(Set(result.sampled.map(\.traceID)) == Set(tracer.started) && tracer.started.count == 50)
            #expect(tracer.ended == 50 && result.sampled.allSatisfy { $0.operation == .search && $0.error == nil })
            #expect(milvus.received("Search") == .init(requests: 50, sampled: 50, unsampled: 0, untraced: 0))
        }
    }

    /// Fraction 0: no span, and Milvus is told not to sample (a `traceparent` with flags 00).
    @Test func sampleFractionZeroTracesNone() async throws {
        let phase = Phase(name: "none", length: .requests(50), workers: 2, mix: [.search: 1])
        let tracer = CountingTracer()
        try await NullMilvusFixture.serving(workers: 2) { milvus in
            let result = await milvus.run(phase, tracer: tracer, sampleFraction: 0)
            #expect(result.sampled.isEmpty && result.sampleFraction == 0 && tracer.started.isEmpty)
            #expect(milvus.received("Search") == .init(requests: 50, sampled: 0, unsampled: 50, untraced: 0))
        }
    }

    /// Tracing off (no tracer): whatever the fraction, nothing sampled and no `traceparent` sent.
    @Test func withoutATracerNoTraceparentIsSent() async throws {
        let phase = Phase(name: "off", length: .requests(50), workers: 2, mix: [.search: 1])
        try await NullMilvusFixture.serving(workers: 2) { milvus in
            let result = await milvus.run(phase, sampleFraction: 1)
            #expect(result.sampled.isEmpty && result.sampleFraction == 0)
            #expect(milvus.received("Search") == .init(requests: 50, sampled: 0, unsampled: 0, untraced: 50))
        }
    }
}
