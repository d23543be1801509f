import Scenario
import TraceContext
import Workload

public struct SampledRecord: Codable, Sendable {
    public var traceID: TraceID
    public var spanID: String
    public var operation: OperationKind
    public var latencyNanos: UInt64
    public var error: String?

    init(_ request: SampledRequest) {
        traceID = request.traceID
        spanID = SpanID.hex(request.spanID)
        operation = request.operation
        latencyNanos = request.latencyNanos
        error = request.error
    }
}
