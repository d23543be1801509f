import Scenario
import Synchronization
import TraceContext

/// One second of a phase, for the timeline: throughput, p50/p99 and errors over time.
public struct TimelineBucket: Sendable {
    public var second: Int
    /// Latencies of the requests that succeeded in this second.
    public var histogram: LatencyHistogram
    public var errors: Int

    public var requests: Int { Int(histogram.totalCount) + errors }

    public init(second: Int) {
        self.second = second
        // Two digits keep a bucket at 20 KB; the timeline's p50/p99 need no finer resolution.
        histogram = Latency.histogram(digits: .two)
        errors = 0
    }

    public mutating func merge(_ other: TimelineBucket) {
        histogram.add(other.histogram)
        errors += other.errors
    }
}
