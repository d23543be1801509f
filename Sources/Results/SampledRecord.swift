import TraceContext
import Workload

/// A request the client traced: enough to correlate it again with spans from elsewhere.
package struct SampledRecord: Codable, Sendable {
    package var traceID: TraceID
    package var spanID: String
    package var operation: String
    package var latencyNanos: UInt64
    package var error: String?

    init(_ request: SampledRequest) {
        traceID = request.traceID
        spanID = SpanID.hex(request.spanID)
        operation = request.operation.rawValue
        latencyNanos = request.latencyNanos
        error = request.error
    }
}
