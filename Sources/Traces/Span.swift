import TraceContext

/// One span, whatever its source (embedded receiver, OTLP JSON file, Jaeger): the fields
/// correlation and attribution need, nothing more.
package struct Span: Sendable, Equatable {
    package enum Kind: Int, Sendable, Codable {
        case unspecified = 0
        case `internal` = 1
        case server = 2
        case client = 3
        case producer = 4
        case consumer = 5
    }

    package var traceID: TraceID
    package var spanID: UInt64
    /// nil for a root span.
    package var parentSpanID: UInt64?
    // `kind` (1 byte) here fills the padding after `parentSpanID` (9 bytes): 104 bytes a span, not 112.
    package var kind: Kind
    package var name: String
    package var service: String
    /// The instrumentation scope (the tracer's name). Milvus names its tracers after the role
    /// that starts the span (`proxy`, `querynode`, `datacoord`, ...), which tells the roles of a
    /// standalone server apart; empty when the source does not say.
    package var scope: String
    package var startUnixNanos: UInt64
    package var endUnixNanos: UInt64

    package init(
        traceID: TraceID, spanID: UInt64, parentSpanID: UInt64?, name: String, service: String, scope: String = "",
        kind: Kind,
        startUnixNanos: UInt64, endUnixNanos: UInt64
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.name = name
        self.service = service
        self.scope = scope
        self.kind = kind
        self.startUnixNanos = startUnixNanos
        self.endUnixNanos = max(endUnixNanos, startUnixNanos)
    }

    package var durationNanos: UInt64 { endUnixNanos - startUnixNanos }
}
