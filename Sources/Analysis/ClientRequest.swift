import TraceContext
import Traces

/// One sampled request, as correlation sees it, whatever produced it: traceload's own workload,
/// or the client spans of another application found in a trace source.
package struct ClientRequest: Sendable, Equatable {
    package var phase: String
    package var operation: String
    package var traceID: TraceID
    /// The client span's id, when known: the server root's parent.
    package var spanID: UInt64?
    /// From the intended start: the latency the latency table counts.
    package var latencyNanos: UInt64
    /// The part of it the request waited behind an open loop's schedule before it was sent: the
    /// `client queue` component (0 when it was sent on time, and for a closed loop).
    package var queuedNanos: UInt64

    package init(
        phase: String, operation: String, traceID: TraceID, spanID: UInt64?, latencyNanos: UInt64, queuedNanos: UInt64 = 0
    ) {
        self.phase = phase
        self.operation = operation
        self.traceID = traceID
        self.spanID = spanID
        self.latencyNanos = latencyNanos
        self.queuedNanos = min(queuedNanos, latencyNanos)
    }
}
