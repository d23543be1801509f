import Histogram
import Workload

/// The percentiles every report shows, in milliseconds.
package struct LatencySummary: Sendable, Equatable, Codable {
    package var count: UInt64
    package var p50, p90, p99, p999, max, mean: Double

    package init(_ histogram: LatencyHistogram) {
        count = histogram.totalCount
        guard count > 0 else {
            (p50, p90, p99, p999, max, mean) = (0, 0, 0, 0, 0, 0)
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

extension LatencySummary {
    /// Over several stored histograms together (merged, never averaged).
    package init(merging histograms: [EncodedHistogram]) throws {
        var merged = Latency.histogram()
        for histogram in histograms { merged.add(try histogram.decode()) }
        self.init(merged)
    }

    /// Over one stored histogram.
    package init(_ histogram: EncodedHistogram) throws {
        self.init(try histogram.decode())
    }
}
