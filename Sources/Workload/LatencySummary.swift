import Histogram

/// The percentiles every report shows, in milliseconds.
public struct LatencySummary: Sendable, Equatable, Codable {
    public var count: UInt64
    public var p50, p90, p99, p999, max, mean: Double

    public init(_ histogram: LatencyHistogram) {
        count = histogram.totalCount
        guard count > 0 else {
            p50 = 0
            p90 = 0
            p99 = 0
            p999 = 0
            max = 0
            mean = 0
            return
        }
        func ms(_ micros: UInt64) -> Double { Double(micros) / 1000 }
        p50 = ms(histogram.valueAtPercentile(50))
        p90 = ms(histogram.valueAtPercentile(90))
        p99 = ms(histogram.valueAtPercentile(99))
        p999 = ms(histogram.valueAtPercentile(99.9))
        // The highest equivalent value, as valueAtPercentile reports it, so that p99.9 ≤ max holds.
        max = ms(histogram.max)
        mean = histogram.mean / 1000
    }
}
