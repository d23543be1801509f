import Scenario
import Synchronization
import TraceContext

/// A request the client sampled for tracing: what correlation needs to find its server spans.
package struct SampledRequest: Sendable, Equatable {
    package var traceID: TraceID
    /// The client span's id: the parent of the server's root span.
    package var spanID: UInt64
    package var operation: OperationKind
    /// Wall-clock start (ns since the epoch) and client-measured latency.
    package var startUnixNanos: UInt64
    package var latencyNanos: UInt64
    package var error: String?
    /// Open loop: how long the request waited behind its schedule, from its intended start to its
    /// send (the client span starts at the send; the latency table counts from the intended start).
    package var queuedNanos: UInt64

    package init(
        traceID: TraceID, spanID: UInt64, operation: OperationKind, startUnixNanos: UInt64, latencyNanos: UInt64,
        error: String?, queuedNanos: UInt64 = 0
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.operation = operation
        self.startUnixNanos = startUnixNanos
        self.latencyNanos = latencyNanos
        self.error = error
        self.queuedNanos = queuedNanos
    }
}
