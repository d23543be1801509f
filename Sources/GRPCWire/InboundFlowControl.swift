import NIOCore
import NIOHTTP2

/// The receive side of one connection's flow control, for a handler that reads HTTP/2 frames
/// itself. Each method returns the WINDOW_UPDATE to send, if one is due; the caller writes it
/// after the call (writing it makes swift-nio-http2 report the new window at once, re-entering
/// the handler).
///
/// The connection's window is kept from swift-nio-http2's own account of it (the root stream's
/// `NIOHTTP2WindowUpdatedEvent`), not from the DATA frames the handler sees: DATA for a stream
/// already reset (an answer after its deadline) is dropped inside swift-nio-http2 and never reaches
/// the handler, yet it uses up the connection's window; counted from frames, the window would leak
/// until the connection stalled. Streams' windows are counted from their frames (a reset stream's
/// window no longer matters).
package struct InboundFlowControl {
    private var needsFlush = false
    private var widened = false

    package init() {}

    /// Widens the connection's window from the protocol's 64 KiB to `HTTP2Setup.receiveWindow`:
    /// once, after the connection preface.
    package mutating func widenConnectionWindow() -> HTTP2Frame? {
        guard !widened else { return nil }
        widened = true
        needsFlush = true
        return HTTP2Frame(
            streamID: .rootStream, payload: .windowUpdate(windowSizeIncrement: HTTP2Setup.receiveWindow - 65_535))
    }

    /// swift-nio-http2 reports what the peer may still send on the connection; refilled to the
    /// full window once half of it is used.
    package mutating func connectionWindowChanged(_ event: NIOHTTP2WindowUpdatedEvent) -> HTTP2Frame? {
        guard widened, event.streamID == .rootStream, let window = event.inboundWindowSize,
            window < HTTP2Setup.receiveWindow / 2
        else { return nil }
        needsFlush = true
        return HTTP2Frame(
            streamID: .rootStream, payload: .windowUpdate(windowSizeIncrement: HTTP2Setup.receiveWindow - window))
    }

    /// Counts a DATA frame of a live stream against the stream's window.
    package mutating func received(
        _ data: HTTP2Frame.FramePayload.Data, on id: HTTP2StreamID, stream: inout ReceiveWindow
    ) -> HTTP2Frame? {
        let bytes = HTTP2Setup.flowControlledLength(data)
        guard bytes > 0, !data.endStream, let increment = stream.received(bytes) else { return nil }
        needsFlush = true
        return HTTP2Frame(streamID: id, payload: .windowUpdate(windowSizeIncrement: increment))
    }

    /// Notes a write made outside these calls that also waits for the end of the read.
    package mutating func wrote() { needsFlush = true }

    package mutating func flushIfNeeded(_ context: ChannelHandlerContext) {
        guard needsFlush else { return }
        needsFlush = false
        context.flush()
    }
}
