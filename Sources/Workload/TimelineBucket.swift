import Scenario
import Synchronization
import TraceContext

/// One second of a phase, for the timeline: throughput, p50/p99 and errors over time; with a
/// detailed timeline (live metrics out), each operation's too, and the requests sampled for tracing.
package struct TimelineBucket: Sendable {
    /// One operation's share of the second.
    package struct Operation: Sendable {
        package var histogram = Latency.histogram(digits: .two)
        package var errors = 0

        package var requests: Int { Int(histogram.totalCount) + errors }

        package init() {}

        mutating func merge(_ other: Operation) {
            histogram.add(other.histogram)
            errors += other.errors
        }
    }

    package var second: Int
    /// Latencies of the requests that succeeded in this second.
    package var histogram: LatencyHistogram
    package var errors: Int
    /// By operation (only in a detailed timeline).
    package var operations: [OperationKind: Operation] = [:]
    /// Requests sampled for tracing (only in a detailed timeline).
    package var sampled = 0

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
        sampled += other.sampled
        for (kind, operation) in other.operations { operations[kind, default: Operation()].merge(operation) }
    }
}
