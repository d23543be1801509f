import TraceContext

/// Starts a client span per sampled request: fresh ids, the traceparent (flags exactly 01), and
/// an `end` that buffers the finished span.
struct BufferingTracer: RequestTracer {
    let buffer: ClientSpanBuffer
    let onStart: (@Sendable (TraceID) -> Void)?

    func start(method: String) -> TracedRequest {
        let traceID = SpanIDs.traceID()
        let spanID = SpanIDs.spanID()
        onStart?(traceID)
        let buffer = buffer
        return TracedRequest(
            traceparent: Traceparent.header(traceID: traceID, spanID: spanID, sampled: true), traceID: traceID,
            spanID: spanID
        ) { error, start, duration in
            buffer.append(
                ClientSpan(
                    traceID: traceID, spanID: spanID, method: method, startNanos: start, endNanos: start &+ duration,
                    error: error))
        }
    }
}
