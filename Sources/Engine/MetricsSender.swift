import Foundation
import MetricsOut

/// Sends a run's metric batches to their destination in the background, one after the other, so
/// that the run never waits for the receiver: a phase only hands its batches in.
///
/// Batches go in the order they were handed in, one at a time: a remote-write receiver refuses
/// samples older than those it has, so neither two sends at once nor a reordered retry would do.
/// The queue is bounded (`limit`): when the receiver falls that far behind, the oldest batch
/// waiting is dropped, not the newest: the counters are cumulative, so a later batch carries
/// the dropped one's counts, and a dashboard shows the present when the receiver comes back.
/// At the run's end `finish` waits a bounded time for what is queued, then gives up and says
/// what was not sent.
package actor MetricsSender {
    let target: any MetricsDestination
    let observer: EngineObserver
    let limit: Int
    var queue: [MetricsBatch] = []
    /// The batch being sent: handed to the destination, no answer yet.
    var sending: MetricsBatch?
    /// The one task that drains the queue, while there is something to send.
    var drainer: Task<Void, Never>?
    var sentFirst = false
    var handedIn = 0
    /// What the destination did not take (refused, or no answer after its retries), and the
    /// first reason.
    var failed: [MetricsBatch.Contents] = []
    var firstFailure: String?
    /// Batches pushed out of a full queue.
    var dropped: [MetricsBatch.Contents] = []
    /// Set by `finish`: nothing more is sent or counted.
    var closed = false

    /// How many batches may wait: about two minutes of a run's seconds (one batch a second),
    /// a few hundred kilobytes at most.
    package static let queueLimit = 120

    init(target: any MetricsDestination, observer: @escaping EngineObserver, limit: Int = MetricsSender.queueLimit) {
        self.target = target
        self.observer = observer
        self.limit = limit
    }

    /// Queues `batch` and returns at once.
    func send(_ batch: MetricsBatch) {
        guard !closed, !batch.series.isEmpty else { return }
        var batch = batch
        batch.contents.order = handedIn
        handedIn += 1
        if queue.count >= limit { dropped.append(queue.removeFirst().contents) }
        queue.append(batch)
        if drainer == nil { drainer = Task { await drain() } }
    }

    private func drain() async {
        while !closed, !queue.isEmpty {
            let batch = queue.removeFirst()
            sending = batch
            let first = !sentFirst
            sentFirst = true
            do {
                try await target.send(batch.series, first: first)
            } catch {
                // After `finish` gave up, the account is closed: this batch is already in it.
                if closed { return }
                failed.append(batch.contents)
                if firstFailure == nil {
                    firstFailure = "\(error)"
                    observer(.warning("metrics out: \(error); later failures are counted, not shown"))
                }
            }
            if closed { return }
            sending = nil
        }
        drainer = nil
    }

    /// Waits until everything queued is sent, or `seconds` passed; then stops sending and returns
    /// what was not sent, for the run's log and its report (nil when everything went).
    func finish(within seconds: Double) async -> String? {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while drainer != nil && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        closed = true
        // No retry after this; a request under way ends on its own timeout (requests are never
        // cancelled mid-flight: see HTTPFetch).
        drainer?.cancel()
        let left = (sending.map { [$0] } ?? []) + queue
        queue = []
        let missing = failed.count + dropped.count + left.count
        guard missing > 0 else { return nil }
        var why: [String] = []
        if !left.isEmpty {
            why.append(
                "\(left.count) still waiting when the run ended (it waits \(formatSeconds(seconds)) for the receiver)"
            )
        }
        if !failed.isEmpty {
            why.append("\(failed.count) not taken (\(firstFailure ?? "")\(failed.count > 1 ? ", and others" : ""))")
        }
        if !dropped.isEmpty {
            why.append("\(dropped.count) dropped from a full queue (the receiver was \(limit) batches behind)")
        }
        let contents = (failed + dropped + left.map(\.contents)).sorted { $0.order < $1.order }
        return "metrics out: \(missing) of \(handedIn) batches not sent to \(target.url): "
            + MetricsBatch.describe(contents) + " — " + why.joined(separator: "; ")
    }
}
