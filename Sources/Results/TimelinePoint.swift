import Workload

public struct TimelinePoint: Codable, Sendable {
    public var second: Int
    public var requests: Int
    public var errors: Int
    public var p50Ms: Double
    public var p99Ms: Double
    /// The second's latencies (two significant digits), so merged runs get exact percentiles.
    public var histogram: EncodedHistogram?

    public init(second: Int, requests: Int, errors: Int, p50Ms: Double, p99Ms: Double) {
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
