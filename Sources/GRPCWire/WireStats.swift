import Synchronization

/// What a connection's calls went through that their latency alone does not say: how many had
/// to wait for a free stream (the server's SETTINGS_MAX_CONCURRENT_STREAMS), and for how long.
/// Read by the report; written on the event loop.
package final class WireStats: Sendable {
    private let waitedCalls = Atomic<Int>(0)
    private let waitedNanos = Atomic<Int64>(0)

    package init() {}

    func waited(nanoseconds: Int64) {
        waitedCalls.wrappingAdd(1, ordering: .relaxed)
        waitedNanos.wrappingAdd(max(0, nanoseconds), ordering: .relaxed)
    }

    /// Calls that waited for a stream, and their total wait.
    package var waits: (calls: Int, seconds: Double) {
        (waitedCalls.load(ordering: .relaxed), Double(waitedNanos.load(ordering: .relaxed)) / 1e9)
    }
}
