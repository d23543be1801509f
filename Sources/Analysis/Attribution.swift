import Traces

/// Where one request's time went: every nanosecond of its client-measured latency, once.
public struct Attribution: Sendable {
    public static let clientAndWire = "client+wire"
    /// Prefix of the components that measure the hop between two services (`net:proxy→querynode`).
    public static let networkPrefix = "net:"

    /// A span name and its component: where untraced time lies.
    public struct Place: Sendable, Hashable {
        public var span: String
        public var component: String
    }

    public var request: ClientRequest
    public var components: [String: UInt64]
    /// Per component, the part of its time spent inside spans that hand work to child spans while
    /// none of them ran: waiting that no span measures (queues, unexported work).
    public var untraced: [String: UInt64]
    /// The same time by the span it lies in.
    public var untracedBySpan: [Place: UInt64]
    public var serverRoot: Span
    public var serverSpans: [Span]

    public var total: UInt64 { components.values.reduce(0, +) }
}
