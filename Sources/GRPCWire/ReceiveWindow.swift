/// Received bytes of one stream not yet handed back to the sender with a WINDOW_UPDATE.
package struct ReceiveWindow: Sendable {
    var unacknowledged = 0

    package init() {}

    /// Counts `bytes`; returns the increment to send once half the window is used.
    package mutating func received(_ bytes: Int) -> Int? {
        unacknowledged += bytes
        guard unacknowledged >= HTTP2Setup.receiveWindow / 2 else { return nil }
        defer { unacknowledged = 0 }
        return unacknowledged
    }
}
