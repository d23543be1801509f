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
    package var latencyNanos: UInt64

    package init(phase: String, operation: String, traceID: TraceID, spanID: UInt64?, latencyNanos: UInt64) {
        self.phase = phase
        self.operation = operation
        self.traceID = traceID
        self.spanID = spanID
        self.latencyNanos = latencyNanos
    }
}
