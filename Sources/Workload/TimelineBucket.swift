import Scenario
import Synchronization
import TraceContext

/// One second of a phase, for the timeline: throughput, p50/p99 and errors over time.
package struct TimelineBucket: Sendable {
    package var second: Int
    /// Latencies of the requests that succeeded in this second.
    package var histogram: LatencyHistogram
    package var errors: Int

    package var requests: Int { Int(histogram.totalCount) + errors }

    package init(second: Int) {
        self.second = second
        // Two digits keep a bucket at 20 KB; the timeline's p50/p99 need no finer resolution.
        histogram = Latency.histogram(digits: .two)
        errors = 0
    }

    package mutating func merge(_ other: TimelineBucket) {
        histogram.add(other.histogram)
        errors += other.errors
    }
}
