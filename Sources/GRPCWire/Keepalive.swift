import NIOCore

/// HTTP/2 PINGs that find a connection that died without a word (no RST, no FIN): a PING
/// unanswered for `timeout` closes it, its calls fail as `unavailable`, and the next call connects
/// anew. gRPC's defaults: no PINGs on an idle connection (`interval` nil), 20 s to answer. A
/// call's deadline passing sends one PING too, so a dead connection is noticed within a timeout
/// of the first request it swallowed, whatever the interval.
package struct Keepalive: Sendable, Equatable {
    /// PING a connection that received nothing for this long; nil: only after a deadline.
    package var interval: TimeAmount?
    package var timeout: TimeAmount

    package init(interval: TimeAmount? = nil, timeout: TimeAmount = .seconds(20)) {
        self.interval = interval
        self.timeout = timeout
    }
}
