import Histogram
import Workload

/// A histogram as run.json stores it: its settings and the non-empty (value, count) pairs.
/// A few KB instead of the 144 KB of raw counts, and enough to rebuild, merge and re-render.
package struct EncodedHistogram: Codable, Sendable, Equatable {
    package var unit: String
    package var lowest: UInt64
    package var highest: UInt64
    package var digits: Int
    /// [value, count] pairs; the value is the highest equivalent value of its bucket.
    package var counts: [[UInt64]]

    package init(_ histogram: LatencyHistogram) {
        unit = "us"
        lowest = histogram.lowestDiscernibleValue
        highest = histogram.highestTrackableValue
        digits = Int(histogram.numberOfSignificantValueDigits.rawValue)
        counts = histogram.recordedValues().map { [$0.value, UInt64($0.count)] }
    }

    package func decode() throws -> LatencyHistogram {
        guard let significant = SignificantDigits(rawValue: Int8(digits)) else {
            throw ResultsError.invalidRun("histogram with \(digits) significant digits")
        }
        var histogram = LatencyHistogram(
            lowestDiscernibleValue: lowest, highestTrackableValue: highest, numberOfSignificantValueDigits: significant)
        for pair in counts {
            guard pair.count == 2 else { throw ResultsError.invalidRun("histogram pair of \(pair.count) numbers") }
            _ = histogram.record(min(pair[0], highest), count: pair[1])
        }
        return histogram
    }
}
