import Traces

/// Where one request's time went: every nanosecond of its client-measured latency, once.
package struct Attribution: Sendable {
    package static let clientAndWire = "client+wire"
    /// An open loop's request waiting behind its schedule, before the send.
    package static let clientQueue = "client queue"
    /// Prefix of the components that measure the hop between two services (`net:proxy→querynode`).
    package static let networkPrefix = "net:"

    /// A span name and its component: where untraced time lies.
    package struct Place: Sendable, Hashable {
        package var span: String
        package var component: String
    }

    package var request: ClientRequest
    package var components: [String: UInt64]
    /// Per component, the part of its time spent inside spans that hand work to child spans while
    /// none of them ran: waiting that no span measures (queues, unexported work).
    package var untraced: [String: UInt64]
    /// The same time by the span it lies in.
    package var untracedBySpan: [Place: UInt64]
    package var serverRoot: Span
    package var serverSpans: [Span]

    package var total: UInt64 { components.values.reduce(0, +) }
}
