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

    package init(
        traceID: TraceID, spanID: UInt64, operation: OperationKind, startUnixNanos: UInt64, latencyNanos: UInt64,
        error: String?
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.operation = operation
        self.startUnixNanos = startUnixNanos
        self.latencyNanos = latencyNanos
        self.error = error
    }
}
