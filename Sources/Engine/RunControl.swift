import Synchronization
import Workload

/// How a command steers a running engine: the first Ctrl-C (or SIGTERM) stops the load and the
/// run writes what it measured; a second one hurries it: what is only slow (waiting for late
/// spans, Milvus's graceful stop) is skipped, and the report is still written.
package final class RunControl: Sendable {
    package let stop = StopSignal()
    private let interrupts = Atomic<Int>(0)

    package init() {}

    /// One Ctrl-C or SIGTERM; returns how many came so far.
    @discardableResult
    package func interrupt(signal: String) -> Int {
        let count = interrupts.wrappingAdd(1, ordering: .relaxed).newValue
        stop.stop(.interrupted(signal: signal))
        return count
    }

    /// A second interruption came: skip what is only slow.
    package var isHurried: Bool { interrupts.load(ordering: .relaxed) >= 2 }

    /// Returns once hurried (or when the calling task is cancelled); notices within 50 ms.
    package func waitUntilHurried() async {
        while !isHurried && !Task.isCancelled { try? await Task.sleep(for: .milliseconds(50)) }
    }
}
