import Scenario
import Synchronization
import TraceContext

/// The timeline as it fills, shared between workers (one lock per worker per second), the
/// progress line and live metrics.
package final class LiveTimeline: Sendable {
    private let buckets = Mutex<[Int: TimelineBucket]>([:])
    /// Seconds also kept by operation, and requests in flight counted (for live metrics; off,
    /// the hot path does neither).
    package let detailed: Bool
    private let inFlightCount = Atomic<Int>(0)
    private let startWall = Atomic<UInt64>(0)

    package init(detailed: Bool = false) {
        self.detailed = detailed
    }

    func add(_ bucket: TimelineBucket) {
        guard bucket.histogram.totalCount > 0 || bucket.errors > 0 else { return }
        buckets.withLock { all in
            if all[bucket.second] == nil {
                all[bucket.second] = bucket
            } else {
                all[bucket.second]!.merge(bucket)
            }
        }
    }

    /// The seconds recorded so far, in order.
    package func snapshot() -> [TimelineBucket] {
        buckets.withLock { $0.values.sorted { $0.second < $1.second } }
    }

    /// Drops the per-operation detail of the seconds up to `second` once it has been sent on
    /// (it would hold three more histograms a second for the whole phase).
    package func forgetDetail(through second: Int) {
        buckets.withLock { all in
            for key in all.keys where key <= second && !all[key]!.operations.isEmpty { all[key]!.operations = [:] }
        }
    }

    /// When the phase's clock started (Unix ns; 0 before): its second 0 begins there.
    package var startUnixNanos: UInt64 { startWall.load(ordering: .acquiring) }

    func markStarted(unixNanos: UInt64) { startWall.store(unixNanos, ordering: .releasing) }

    /// Requests sent and not yet answered, now (0 unless detailed).
    package var inFlight: Int { inFlightCount.load(ordering: .relaxed) }

    @inline(__always)
    func began() { if detailed { inFlightCount.wrappingAdd(1, ordering: .relaxed) } }

    @inline(__always)
    func ended() { if detailed { inFlightCount.wrappingSubtract(1, ordering: .relaxed) } }
}
