import TraceContext
import Traces

/// One sampled request, as correlation sees it, whatever produced it: traceload's own workload,
/// or the client spans of another application found in a trace source.
public struct ClientRequest: Sendable, Equatable {
    public var phase: String
    public var operation: String
    public var traceID: TraceID
    /// The client span's id, when known: the server root's parent.
    public var spanID: UInt64?
    public var latencyNanos: UInt64

    public init(phase: String, operation: String, traceID: TraceID, spanID: UInt64?, latencyNanos: UInt64) {
        self.phase = phase
        self.operation = operation
        self.traceID = traceID
        self.spanID = spanID
        self.latencyNanos = latencyNanos
    }
}
