import Foundation
import Histogram
import Results

/// How much a figure of one run would move if the run were made again, estimated from within
/// the run: the spread between stretches of its seconds (batch means, which carry the slow drift
/// of a shared machine), and, for a percentile, the uncertainty of an order statistic of n
/// requests. Standard errors, in the figure's unit, each with its degrees of freedom (a spread
/// between batch means has one fewer than the batches; an order statistic or a count, infinite).
package enum RunNoise {
    /// Batches a phase's seconds are grouped into: enough to see a spread, long enough that
    /// neighbouring seconds' correlation does not hide it.
    static let batches = 8

    /// The throughput's standard error: the spread of its per-second rate between batches of seconds.
    package static func throughput(_ phase: PhaseRecord) -> StandardError? {
        let seconds = phase.timeline.filter { $0.second < Int(phase.elapsedSeconds) }
        guard seconds.count >= 4 else { return nil }
        let size = max(1, seconds.count / batches)
        let rates = stride(from: 0, to: seconds.count - size + 1, by: size).map { start in
            Double(seconds[start..<(start + size)].reduce(0) { $0 + $1.requests - $1.errors }) / Double(size)
        }
        let sample = Sample(rates)
        return rates.count >= 2
            ? StandardError(sample.deviation / Double(rates.count).squareRoot(), df: Double(rates.count - 1)) : nil
    }

    /// A percentile's standard error, the larger of: the order statistic's (ranks q·n ± √(q(1−q)n)
    /// read off the histogram), and, when the phase ran this operation alone, the spread of
    /// the percentile between batches of its seconds.
    package static func percentile(_ quantile: Double, of operation: OperationRecord, in phase: PhaseRecord)
        -> StandardError?
    {
        guard let histogram = try? operation.histogram.decode(), histogram.totalCount > 1 else { return nil }
        let n = Double(histogram.totalCount)
        let step = (quantile * (1 - quantile) / n).squareRoot()
        func value(_ q: Double) -> Double {
            Double(histogram.valueAtPercentile(min(100, max(0, q * 100)))) / 1000
        }
        let orderError = (value(quantile + step) - value(quantile - step)) / 2
        var batchError: StandardError?
        if phase.operations.count == 1 {
            let seconds = phase.timeline.compactMap { try? $0.histogram?.decode() }
            let size = max(1, seconds.count / batches)
            if seconds.count >= 4 {
                let values = stride(from: 0, to: seconds.count - size + 1, by: size).compactMap { start -> Double? in
                    var merged = seconds[start]
                    for other in seconds[(start + 1)..<(start + size)] { merged.add(other) }
                    guard merged.totalCount > 0 else { return nil }
                    return Double(merged.valueAtPercentile(quantile * 100)) / 1000
                }
                if values.count >= 2 {
                    batchError = StandardError(
                        Sample(values).deviation / Double(values.count).squareRoot(), df: Double(values.count - 1))
                }
            }
        }
        if let batchError, batchError.value > orderError { return batchError }
        return StandardError(orderError, df: .infinity)
    }

    /// A component's median from `requests` traces: the order statistic's standard error, with
    /// the spread read off its p50 and p90 (as if normal: σ ≈ (p90 − p50) / 1.28).
    package static func componentMedian(p50: Double, p90: Double, requests: Int) -> StandardError? {
        guard requests > 1 else { return nil }
        let sigma = max(0, p90 - p50) / 1.2816
        return StandardError(1.2533 * sigma / Double(requests).squareRoot(), df: .infinity)
    }

    /// A component's p99 from `requests` traces: the order statistic's standard error
    /// √(q(1−q)/n) / f(p99), with the density f read off an exponential tail through its p90 and
    /// p99 (scale θ = (p99 − p90) / ln 10, so f(p99) = 0.01 / θ): θ·√(99/n). The traces give a
    /// component's p50, p90 and p99 only; a tail heavier than exponential makes this too small.
    package static func componentTail(p90: Double, p99: Double, requests: Int) -> StandardError? {
        guard requests > 1 else { return nil }
        let theta = max(0, p99 - p90) / log(10)
        return StandardError(theta * (0.99 / (0.01 * Double(requests))).squareRoot(), df: .infinity)
    }

    /// Recall over `searches` checked searches (binomial).
    package static func recall(_ value: Double, searches: Int) -> StandardError? {
        guard searches > 0 else { return nil }
        return StandardError((value * (1 - value) / Double(searches)).squareRoot(), df: .infinity)
    }
}
