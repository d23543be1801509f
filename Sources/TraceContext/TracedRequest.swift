/// A started client span: the `traceparent` to send (flags exactly `01`), its trace id, and the
/// call that ends it when the response has been read, with the call's own timing: the span is
/// exactly the interval the request's latency measures, so an analysis of spans.jsonl alone
/// gets the same client latency as traceload's.
package struct TracedRequest: Sendable {
    package let traceparent: String
    package let traceID: TraceID
    package let spanID: UInt64
    package let end: @Sendable (_ error: String?, _ startUnixNanos: UInt64, _ durationNanos: UInt64) -> Void

    package init(
        traceparent: String, traceID: TraceID, spanID: UInt64,
        end: @escaping @Sendable (_ error: String?, _ startUnixNanos: UInt64, _ durationNanos: UInt64) -> Void
    ) {
        self.traceparent = traceparent
        self.traceID = traceID
        self.spanID = spanID
        self.end = end
    }
}
