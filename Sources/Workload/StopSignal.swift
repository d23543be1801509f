import Synchronization

/// Asks running phases to stop (Ctrl-C, SIGTERM, a fatal server error). Checked by each worker
/// before it issues its next request, so stopping takes at most one request's time.
public final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)
    private let reasonText = Mutex<(String, UInt64)?>(nil)

    public init() {}

    public var isStopped: Bool { flag.load(ordering: .relaxed) }
    public var reason: String? { reasonText.withLock { $0?.0 } }
    /// When the first stop came (MonotonicClock), so a phase can tell what it left unsent because
    /// of it from what it left because the server fell behind.
    public var stoppedAt: UInt64? { reasonText.withLock { $0?.1 } }

    public func stop(reason: String) {
        reasonText.withLock { if $0 == nil { $0 = (reason, MonotonicClock.now()) } }
        flag.store(true, ordering: .relaxed)
    }
}
