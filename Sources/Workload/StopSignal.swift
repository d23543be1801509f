import Synchronization

/// Asks running phases to stop (Ctrl-C, SIGTERM, a failed request under `onError: stop`, a
/// crashed server). Checked by each worker before it issues its next request, so stopping takes
/// at most one request's time. The first reason given is kept.
package final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)
    private let state = Mutex<(reason: StopReason, at: UInt64)?>(nil)

    package init() {}

    package var isStopped: Bool { flag.load(ordering: .relaxed) }
    package var reason: StopReason? { state.withLock { $0?.reason } }
    /// When the first stop came (MonotonicClock), so a phase can tell what it left unsent because
    /// of it from what it left because the server fell behind.
    package var stoppedAt: UInt64? { state.withLock { $0?.at } }

    package func stop(_ reason: StopReason) {
        state.withLock { if $0 == nil { $0 = (reason, MonotonicClock.now()) } }
        flag.store(true, ordering: .relaxed)
    }

    /// Returns once stopped, or when the calling task is cancelled; notices within 50 ms.
    package func wait() async {
        while !isStopped && !Task.isCancelled { try? await Task.sleep(for: .milliseconds(50)) }
    }
}
