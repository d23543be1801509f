import Histogram

/// Latencies in microseconds, 1 µs to 1 hour at three significant digits (0.1% resolution).
/// All percentiles come from these, merged across workers; never from averaged percentiles.
package typealias LatencyHistogram = Histogram<UInt64>

package enum Latency {
    package static let highestMicros: UInt64 = 3_600_000_000

    package static func histogram(digits: SignificantDigits = .three) -> LatencyHistogram {
        LatencyHistogram(
            lowestDiscernibleValue: 1, highestTrackableValue: highestMicros, numberOfSignificantValueDigits: digits)
    }

    /// Records a latency given in nanoseconds, clamped into the trackable range.
    @inline(__always)
    package static func record(_ nanoseconds: UInt64, into histogram: inout LatencyHistogram) {
        let micros = min(max(nanoseconds / 1000, 1), highestMicros)
        _ = histogram.record(micros)
    }
}
