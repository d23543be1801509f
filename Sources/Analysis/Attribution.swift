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
    /// The catalog's component names when the attribution was made (its numbers index them).
    let componentNames: [String]
    /// Nanoseconds by component number; `assigned` marks the components the request has at all
    /// (one can have 0 ns, as `client+wire` of a request whose server time fills its latency).
    var nanos: [UInt64]
    var assigned: [Bool]
    /// Per component number, the part of its time spent inside spans that hand work to child
    /// spans while none of them ran: waiting that no span measures (queues, unexported work).
    var untracedNanos: [UInt64]
    /// The same time by the span it lies in: (span name number, component number, ns), each pair once.
    var untracedPlaces: [(name: Int32, component: Int32, nanos: UInt64)]
    let trace: ServerTrace
    /// The server root's place among `trace`'s nodes.
    let root: Int

    package var components: [String: UInt64] {
        var out: [String: UInt64] = [:]
        for (i, on) in assigned.enumerated() where on { out[componentNames[i]] = nanos[i] }
        return out
    }

    package var total: UInt64 { nanos.reduce(0, +) }

    /// Nanoseconds of a component by number (0 when the request has none).
    func nanos(_ component: Int32) -> UInt64 {
        Int(component) < nanos.count ? nanos[Int(component)] : 0
    }

    func untraced(_ component: Int32) -> UInt64 {
        Int(component) < untracedNanos.count ? untracedNanos[Int(component)] : 0
    }

    package var serverSpans: [Span] { trace.serverSpans }
    package var serverRoot: Span { serverSpans[root] }
}
