import Synchronization

/// Asks running phases to stop (Ctrl-C, SIGTERM, a fatal server error). Checked by each worker
/// before it issues its next request, so stopping takes at most one request's time.
public final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)
    private let reasonText = Mutex<String?>(nil)

    public init() {}

    public var isStopped: Bool { flag.load(ordering: .relaxed) }
    public var reason: String? { reasonText.withLock { $0 } }

    public func stop(reason: String) {
        reasonText.withLock { if $0 == nil { $0 = reason } }
        flag.store(true, ordering: .relaxed)
    }
}
