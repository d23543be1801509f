import TraceContext
import Workload

/// A request the client traced: enough to correlate it again with spans from elsewhere.
package struct SampledRecord: Codable, Sendable {
    package var traceID: TraceID
    package var spanID: String
    package var operation: String
    package var latencyNanos: UInt64
    package var error: String?
    /// Open loop: the wait from the intended start to the send (nil when none, and in older runs).
    package var queuedNanos: UInt64?

    init(_ request: SampledRequest) {
        traceID = request.traceID
        spanID = SpanID.hex(request.spanID)
        operation = request.operation.rawValue
        latencyNanos = request.latencyNanos
        error = request.error
        queuedNanos = request.queuedNanos > 0 ? request.queuedNanos : nil
    }
}
