import NIOCore
import NIOHTTP2

/// The HTTP/2 choices traceload's client and its null Milvus server share.
public enum HTTP2Setup {
    /// The receive window for the connection and every stream: large messages (a query of many
    /// rows, an insert batch) flow without waiting for window updates.
    public static let receiveWindow = 16 << 20

    public static func connectionConfiguration() -> NIOHTTP2Handler.ConnectionConfiguration {
        var configuration = NIOHTTP2Handler.ConnectionConfiguration()
        configuration.initialSettings = [
            HTTP2Setting(parameter: .enablePush, value: 0),
            HTTP2Setting(parameter: .initialWindowSize, value: receiveWindow),
            HTTP2Setting(parameter: .maxHeaderListSize, value: 1 << 16),
        ]
        // grpc-go servers (Milvus) send a PING for bandwidth estimation with most answers; the
        // default limit (200 control frames in 30 s) would end a load test's connection in seconds.
        configuration.controlFrameRateLimit.maximumCount = Int(Int32.max)
        return configuration
    }

    /// The bytes a DATA frame takes from the receive window (its padding included).
    public static func flowControlledLength(_ data: HTTP2Frame.FramePayload.Data) -> Int {
        data.data.readableBytes + (data.paddingBytes.map { $0 + 1 } ?? 0)
    }
}

/// Received bytes not yet handed back to the sender with a WINDOW_UPDATE.
public struct ReceiveWindow: Sendable {
    var unacknowledged = 0

    public init() {}

    /// Counts `bytes`; returns the increment to send once half the window is used.
    public mutating func received(_ bytes: Int) -> Int? {
        unacknowledged += bytes
        guard unacknowledged >= HTTP2Setup.receiveWindow / 2 else { return nil }
        defer { unacknowledged = 0 }
        return unacknowledged
    }
}

/// The receive side of one connection's flow control, for a handler that reads HTTP/2 frames
/// itself: counts each DATA frame against the connection's window and its stream's, writes the
/// WINDOW_UPDATEs that fall due, and flushes what was written once the read is complete.
public struct InboundFlowControl {
    private var connection = ReceiveWindow()
    private var needsFlush = false

    public init() {}

    public mutating func received(_ data: HTTP2Frame.FramePayload.Data, on id: HTTP2StreamID, stream: inout ReceiveWindow,
                                  write: (HTTP2Frame) -> Void) {
        let bytes = HTTP2Setup.flowControlledLength(data)
        guard bytes > 0 else { return }
        if let increment = connection.received(bytes) {
            write(HTTP2Frame(streamID: .rootStream, payload: .windowUpdate(windowSizeIncrement: increment)))
            needsFlush = true
        }
        if !data.endStream, let increment = stream.received(bytes) {
            write(HTTP2Frame(streamID: id, payload: .windowUpdate(windowSizeIncrement: increment)))
            needsFlush = true
        }
    }

    /// Notes a write made outside `received` that also waits for the end of the read.
    public mutating func wrote() { needsFlush = true }

    public mutating func flushIfNeeded(_ context: ChannelHandlerContext) {
        guard needsFlush else { return }
        needsFlush = false
        context.flush()
    }
}
