import Histogram

/// Latencies in microseconds, 1 µs to 1 hour at three significant digits (0.1% resolution).
/// All percentiles come from these, merged across workers; never from averaged percentiles.
public typealias LatencyHistogram = Histogram<UInt64>

public enum Latency {
    public static let highestMicros: UInt64 = 3_600_000_000

    public static func histogram(digits: SignificantDigits = .three) -> LatencyHistogram {
        LatencyHistogram(lowestDiscernibleValue: 1, highestTrackableValue: highestMicros, numberOfSignificantValueDigits: digits)
    }

    /// Records a latency given in nanoseconds, clamped into the trackable range.
    @inline(__always)
    public static func record(_ nanoseconds: UInt64, into histogram: inout LatencyHistogram) {
        let micros = min(max(nanoseconds / 1000, 1), highestMicros)
        _ = histogram.record(micros)
    }
}

/// The percentiles every report shows, in milliseconds.
public struct LatencySummary: Sendable, Equatable, Codable {
    public var count: UInt64
    public var p50, p90, p99, p999, max, mean: Double

    public init(_ histogram: LatencyHistogram) {
        count = histogram.totalCount
        guard count > 0 else {
            p50 = 0; p90 = 0; p99 = 0; p999 = 0; max = 0; mean = 0
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
