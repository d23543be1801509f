import Scenario
import Synchronization
import TraceContext

/// The timeline as it fills, shared between workers (one lock per worker per second) and the
/// progress line.
package final class LiveTimeline: Sendable {
    private let buckets = Mutex<[Int: TimelineBucket]>([:])

    package init() {}

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
}
