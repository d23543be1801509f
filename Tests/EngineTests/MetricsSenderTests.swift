import Synchronization
import Testing

@testable import Engine
@testable import MetricsOut

/// The live figures' sender: the run only hands batches in; they go in order, one at a time, in
/// the background; a full queue drops the oldest; the run's end waits a bounded time and names
/// what was not sent.
@Suite struct MetricsSenderTests {
    /// A destination that answers as told, and records what it was sent.
    final class Destination: MetricsDestination {
        enum Behaviour: Sendable { case take, refuse, neverAnswer }
        let behaviour: Behaviour
        let url = "http://receiver.test/api/v1/write"
        private let state = Mutex<(sent: [Int64], firsts: [Bool], open: Int, mostOpen: Int)>(([], [], 0, 0))

        init(_ behaviour: Behaviour) { self.behaviour = behaviour }

        func send(_ series: [WriteRequest.Series], first: Bool) async throws(MetricsRefused) {
            state.withLock { state in
                state.sent.append(series.first?.samples.first?.milliseconds ?? -1)
                state.firsts.append(first)
                state.open += 1
                state.mostOpen = max(state.mostOpen, state.open)
            }
            defer { state.withLock { $0.open -= 1 } }
            switch behaviour {
            case .take: try? await Task.sleep(for: .milliseconds(2))
            case .refuse: throw MetricsRefused(description: "\(url) did not take the samples (HTTP 400: out of order)")
            case .neverAnswer:
                // Until the sender gives up on it (cancelled), as a request that times out would.
                try? await Task.sleep(for: .seconds(3600))
                throw MetricsRefused(description: "\(url) did not take the samples (no answer)")
            }
        }

        var sent: [Int64] { state.withLock { $0.sent } }
        var firsts: [Bool] { state.withLock { $0.firsts } }
        var mostAtOnce: Int { state.withLock { $0.mostOpen } }
    }

    final class Warnings: Sendable {
        private let all = Mutex<[String]>([])
        var observer: EngineObserver {
            { event in if case .warning(let text) = event { self.all.withLock { $0.append(text) } } }
        }
        var list: [String] { all.withLock { $0 } }
    }

    /// Second `second` of phase `phase`, one series stamped with it.
    static func batch(_ phase: String, second: Int, joined: Bool = false) -> MetricsBatch {
        MetricsBatch(
            series: [WriteRequest.Series(labels: ["__name__": "x"], samples: [(1, Int64(second))])],
            contents: .init(phase: phase, seconds: joined ? nil : second...second, joined: joined))
    }

    static func waitUntil(_ condition: () -> Bool) async {
        while !condition() { try? await Task.sleep(for: .milliseconds(5)) }
    }

    @Test func batchesGoInTheOrderHandedInOneAtATime() async {
        let destination = Destination(.take)
        let sender = MetricsSender(target: destination, observer: { _ in })
        for second in 0..<30 { await sender.send(Self.batch("p", second: second)) }
        #expect(await sender.finish(within: 60) == nil)
        #expect(destination.sent == (0..<30).map(Int64.init))
        #expect(destination.mostAtOnce == 1)
        #expect(destination.firsts == [true] + Array(repeating: false, count: 29))
    }

    /// A receiver that never answers: handing batches in returns at once (the phase goes on), and
    /// the run's end says what was not sent, and where.
    @Test func aReceiverThatNeverAnswersHoldsUpNothingAndWhatWasNotSentIsNamed() async {
        let destination = Destination(.neverAnswer)
        let sender = MetricsSender(target: destination, observer: { _ in })
        for second in 0..<4 { await sender.send(Self.batch("warm", second: second)) }
        await sender.send(Self.batch("mixed", second: 0))
        await sender.send(Self.batch("mixed", second: 2))
        await sender.send(Self.batch("mixed", second: 0, joined: true))
        // Every batch was handed in while the first one still waits for its answer.
        await Self.waitUntil { destination.sent.count == 1 }
        let unsent = await sender.finish(within: 0.2)
        #expect(
            unsent
                == "metrics out: 7 of 7 batches not sent to http://receiver.test/api/v1/write: phase warm seconds 0–3; "
                + "phase mixed seconds 0, 2 and traces joined — 7 still waiting when the run ended "
                + "(it waits 0.2 s for the receiver)")
        #expect(destination.sent.count == 1)
    }

    @Test func aFullQueueDropsTheOldestWaiting() async throws {
        let destination = Destination(.neverAnswer)
        let sender = MetricsSender(target: destination, observer: { _ in }, limit: 3)
        await sender.send(Self.batch("p", second: 0))
        await Self.waitUntil { destination.sent.count == 1 }
        for second in 1...5 { await sender.send(Self.batch("p", second: second)) }
        let unsent = try #require(await sender.finish(within: 0.1))
        #expect(unsent.contains("6 of 6 batches not sent") && unsent.contains("phase p seconds 0–5"), "\(unsent)")
        #expect(unsent.contains("4 still waiting") && unsent.contains("2 dropped from a full queue"), "\(unsent)")
    }

    @Test func refusedBatchesAreCountedAndTheFirstReasonShownOnce() async throws {
        let destination = Destination(.refuse)
        let warnings = Warnings()
        let sender = MetricsSender(target: destination, observer: warnings.observer)
        for second in 0..<3 { await sender.send(Self.batch("p", second: second)) }
        let unsent = try #require(await sender.finish(within: 60))
        #expect(unsent.contains("3 of 3 batches not sent") && unsent.contains("3 not taken (http://receiver.test"))
        #expect(unsent.contains("HTTP 400: out of order"), "\(unsent)")
        #expect(warnings.list.count == 1 && warnings.list.first?.contains("later failures are counted") == true)
        // Refused, not lost in the queue: each was tried, in order.
        #expect(destination.sent == [0, 1, 2])
    }
}
