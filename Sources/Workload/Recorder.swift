import Scenario
import Synchronization
import TraceContext

/// Counts for one operation: latencies, errors by kind, rows.
public struct OperationStats: Sendable {
    public var histogram = Latency.histogram()
    public var errors: [String: Int] = [:]
    /// The first message seen for each error kind, so a report can say what the kind means here.
    public var errorExamples: [String: String] = [:]
    /// Rows inserted (insert) or returned (search, query) by successful requests.
    public var rows: Int = 0

    public init() {}

    /// Every request issued, failed ones included. Latency percentiles cover successful requests
    /// only: a fast failure is not a fast answer.
    public var requests: Int { Int(histogram.totalCount) + errorCount }
    public var successes: Int { Int(histogram.totalCount) }
    public var errorCount: Int { errors.values.reduce(0, +) }

    public mutating func merge(_ other: OperationStats) {
        histogram.add(other.histogram)
        errors.merge(other.errors, uniquingKeysWith: +)
        errorExamples.merge(other.errorExamples) { mine, _ in mine }
        rows += other.rows
    }
}

/// One second of a phase, for the timeline: throughput, p50/p99 and errors over time.
public struct TimelineBucket: Sendable {
    public var second: Int
    /// Latencies of the requests that succeeded in this second.
    public var histogram: LatencyHistogram
    public var errors: Int

    public var requests: Int { Int(histogram.totalCount) + errors }

    public init(second: Int) {
        self.second = second
        // Two digits keep a bucket at 20 KB; the timeline's p50/p99 need no finer resolution.
        histogram = Latency.histogram(digits: .two)
        errors = 0
    }

    public mutating func merge(_ other: TimelineBucket) {
        histogram.add(other.histogram)
        errors += other.errors
    }
}

/// A request the client sampled for tracing: what correlation needs to find its server spans.
public struct SampledRequest: Sendable, Equatable {
    public var traceID: TraceID
    /// The client span's id: the parent of the server's root span.
    public var spanID: UInt64
    public var operation: OperationKind
    /// Wall-clock start (ns since the epoch) and client-measured latency.
    public var startUnixNanos: UInt64
    public var latencyNanos: UInt64
    public var error: String?

    public init(traceID: TraceID, spanID: UInt64, operation: OperationKind, startUnixNanos: UInt64, latencyNanos: UInt64, error: String?) {
        self.traceID = traceID
        self.spanID = spanID
        self.operation = operation
        self.startUnixNanos = startUnixNanos
        self.latencyNanos = latencyNanos
        self.error = error
    }
}

/// What one worker measured. Workers never share a recorder, so recording takes no lock; at
/// second boundaries the finished timeline bucket goes to the shared `LiveTimeline`.
public struct WorkerRecorder: Sendable {
    public var operations: [OperationKind: OperationStats] = [:]
    public var sampled: [SampledRequest] = []
    var current: TimelineBucket
    let phaseStart: UInt64
    let live: LiveTimeline

    public init(phaseStart: UInt64, live: LiveTimeline) {
        self.phaseStart = phaseStart
        self.live = live
        current = TimelineBucket(second: 0)
        for kind in OperationKind.allCases { operations[kind] = OperationStats() }
    }

    /// Records a finished request. `end` is monotonic ns; `latency` is from the (intended) start.
    @inline(__always)
    public mutating func record(_ kind: OperationKind, latency: UInt64, end: UInt64, rows: Int, error: MilvusErrorKind?) {
        let second = Int((end &- phaseStart) / 1_000_000_000)
        if second != current.second {
            live.add(current)
            current = TimelineBucket(second: second)
        }
        if let error {
            current.errors += 1
            operations[kind, default: OperationStats()].errors[error.label, default: 0] += 1
            if operations[kind]?.errorExamples[error.label] == nil {
                operations[kind]?.errorExamples[error.label] = error.message
            }
        } else {
            Latency.record(latency, into: &current.histogram)
            Latency.record(latency, into: &operations[kind, default: OperationStats()].histogram)
            operations[kind]?.rows += rows
        }
    }

    public mutating func finish() {
        live.add(current)
    }
}

/// An error's counting label; a tiny wrapper so the recorder does not depend on the client's type.
public struct MilvusErrorKind: Sendable {
    public var label: String
    public var message: String
    public init(_ label: String, message: String) {
        self.label = label
        self.message = message
    }
}

/// The timeline as it fills, shared between workers (one lock per worker per second) and the
/// progress line.
public final class LiveTimeline: Sendable {
    private let buckets = Mutex<[Int: TimelineBucket]>([:])

    public init() {}

    func add(_ bucket: TimelineBucket) {
        guard bucket.histogram.totalCount > 0 || bucket.errors > 0 else { return }
        buckets.withLock { all in
            if all[bucket.second] == nil {
                all[bucket.second] = bucket
            } else {
                all[bucket.second]!.merge(bucket)
            }
        }
    }

    /// The seconds recorded so far, in order.
    public func snapshot() -> [TimelineBucket] {
        buckets.withLock { $0.values.sorted { $0.second < $1.second } }
    }
}
