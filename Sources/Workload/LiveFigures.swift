/// What the progress line shows of a running phase: the rate and latency of its last whole
/// seconds (what Milvus does now), and the phase's counts so far.
package struct LiveFigures: Sendable, Equatable {
    /// Successful requests per second over the seconds they came from (nil before a whole second).
    package var ratePerSecond: Double?
    /// Percentiles (ms) over those seconds; nil when none succeeded.
    package var p50Ms: Double?
    package var p99Ms: Double?
    /// The seconds the rate covers (the whole phase's, when done).
    package var seconds: Double
    package var requests: Int
    package var errors: Int

    /// At `elapsed` seconds into the phase: the last `window` seconds that ended at least half a
    /// second ago (a worker hands in a second's counts with its first answer of the next second,
    /// so the second that just ended is still incomplete). `done`: the whole phase, over its
    /// whole duration.
    package init(_ buckets: [TimelineBucket], elapsed: Double, window: Int = 5, done: Bool = false) {
        var merged = Latency.histogram(digits: .two)
        var succeeded = 0
        if done {
            for bucket in buckets {
                merged.add(bucket.histogram)
                succeeded += bucket.requests - bucket.errors
            }
            seconds = max(elapsed, 1e-9)
        } else {
            let last = Int((elapsed - 0.5).rounded(.down)) - 1
            let first = max(0, last - window + 1)
            for bucket in buckets where bucket.second >= first && bucket.second <= last {
                merged.add(bucket.histogram)
                succeeded += bucket.requests - bucket.errors
            }
            seconds = Double(max(0, last - first + 1))
        }
        ratePerSecond = seconds > 0 ? Double(succeeded) / seconds : nil
        if merged.totalCount > 0 {
            p50Ms = Double(merged.valueAtPercentile(50)) / 1000
            p99Ms = Double(merged.valueAtPercentile(99)) / 1000
        }
        requests = buckets.reduce(0) { $0 + $1.requests }
        errors = buckets.reduce(0) { $0 + $1.errors }
    }
}
