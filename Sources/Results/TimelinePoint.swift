import Workload

package struct TimelinePoint: Codable, Sendable {
    package var second: Int
    package var requests: Int
    package var errors: Int
    package var p50Ms: Double
    package var p99Ms: Double
    /// The second's latencies (two significant digits), so merged runs get exact percentiles.
    package var histogram: EncodedHistogram?

    package init(second: Int, requests: Int, errors: Int, p50Ms: Double, p99Ms: Double) {
        self.second = second
        self.requests = requests
        self.errors = errors
        self.p50Ms = p50Ms
        self.p99Ms = p99Ms
    }

    init(_ bucket: TimelineBucket) {
        second = bucket.second
        requests = bucket.requests
        errors = bucket.errors
        let summary = LatencySummary(bucket.histogram)
        p50Ms = summary.p50
        p99Ms = summary.p99
        histogram = EncodedHistogram(bucket.histogram)
    }
}
