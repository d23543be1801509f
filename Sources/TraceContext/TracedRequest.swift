/// A started client span: the `traceparent` to send (flags exactly `01`), its trace id, and the
/// call that ends it when the response has been read, with the call's own timing: the span is
/// exactly the interval the request's latency measures, so an analysis of spans.jsonl alone
/// gets the same client latency as traceload's.
public struct TracedRequest: Sendable {
    public let traceparent: String
    public let traceID: TraceID
    public let spanID: UInt64
    public let end: @Sendable (_ error: String?, _ startUnixNanos: UInt64, _ durationNanos: UInt64) -> Void

    public init(
        traceparent: String, traceID: TraceID, spanID: UInt64,
        end: @escaping @Sendable (_ error: String?, _ startUnixNanos: UInt64, _ durationNanos: UInt64) -> Void
    ) {
        self.traceparent = traceparent
        self.traceID = traceID
        self.spanID = spanID
        self.end = end
    }
}
