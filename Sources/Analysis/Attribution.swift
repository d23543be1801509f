import Traces

/// Where one request's time went: every nanosecond of its client-measured latency, once. A class:
/// made once, then sorted, grouped and read by summaries without copying its arrays.
package final class Attribution: Sendable {
    package static let clientAndWire = "client+wire"
    /// An open loop's request waiting behind its schedule, before the send.
    package static let clientQueue = "client queue"
    /// Prefix of the components that measure the hop between two services (`net:proxy→querynode`).
    package static let networkPrefix = "net:"

    package let request: ClientRequest
    /// The catalog's component names when the attribution was made (its numbers index them).
    let componentNames: [String]
    /// The components the request has (one can have 0 ns, as `client+wire` of a request whose
    /// server time fills its latency), each once.
    let parts: [Part]
    /// The untraced time by the span it lies in: (span name number, component number, ns), each pair once.
    let untracedPlaces: [(name: Int32, component: Int32, nanos: UInt64)]
    let trace: ServerTrace
    /// The server root's place among `trace`'s nodes.
    let root: Int

    init(
        request: ClientRequest, componentNames: [String], parts: [Part],
        untracedPlaces: [(name: Int32, component: Int32, nanos: UInt64)], trace: ServerTrace, root: Int
    ) {
        self.request = request
        self.componentNames = componentNames
        self.parts = parts
        self.untracedPlaces = untracedPlaces
        self.trace = trace
        self.root = root
    }

    struct Part: Sendable {
        var component: Int32
        var nanos: UInt64
        /// The part of `nanos` spent inside spans that hand work to child spans while none of
        /// them ran: waiting that no span measures (queues, unexported work).
        var untraced: UInt64
    }

    package var components: [String: UInt64] {
        Dictionary(uniqueKeysWithValues: parts.map { (componentNames[Int($0.component)], $0.nanos) })
    }

    package var total: UInt64 { parts.reduce(0) { $0 + $1.nanos } }

    /// Nanoseconds of a component by number (0 when the request has none).
    func nanos(_ component: Int32) -> UInt64 {
        parts.first { $0.component == component }?.nanos ?? 0
    }

    func untraced(_ component: Int32) -> UInt64 {
        parts.first { $0.component == component }?.untraced ?? 0
    }

    package var serverSpans: [Span] { trace.serverSpans }
    package var serverRoot: Span { serverSpans[root] }
}
