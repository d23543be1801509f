import NIOCore
import NIOHTTP2

/// The HTTP/2 choices traceload's client, its span exporter and its null Milvus share.
package enum HTTP2Setup {
    /// The receive window for the connection and every stream: large messages (a query of many
    /// rows, an insert batch) flow without waiting for window updates.
    package static let receiveWindow = 16 << 20

    /// The peer's limits on control frames, resets and stream errors, per second. grpc-go servers
    /// (Milvus) send a PING for bandwidth estimation with many answers, and a failing server may
    /// reset thousands of streams: swift-nio-http2's defaults (200 in 30 s) would close a load
    /// test's connection within seconds. Not unbounded either: the limiter keeps one timestamp per
    /// event in the window, preallocated (`Int32.max` reserved 16 GiB of address space per
    /// connection), so 50,000 per second costs 400 KB.
    package static let framesPerSecond = 50_000

    package static func connectionConfiguration() -> NIOHTTP2Handler.ConnectionConfiguration {
        var configuration = NIOHTTP2Handler.ConnectionConfiguration()
        configuration.initialSettings = [
            HTTP2Setting(parameter: .enablePush, value: 0),
            HTTP2Setting(parameter: .initialWindowSize, value: receiveWindow),
            HTTP2Setting(parameter: .maxHeaderListSize, value: 1 << 16),
        ]
        configuration.controlFrameRateLimit.maximumCount = framesPerSecond
        configuration.controlFrameRateLimit.windowLength = .seconds(1)
        return configuration
    }

    package static func streamConfiguration() -> NIOHTTP2Handler.StreamConfiguration {
        var configuration = NIOHTTP2Handler.StreamConfiguration()
        configuration.streamResetFrameRateLimit.maximumCount = framesPerSecond
        configuration.streamResetFrameRateLimit.windowLength = .seconds(1)
        configuration.streamErrorRateLimit.maximumCount = framesPerSecond
        configuration.streamErrorRateLimit.windowLength = .seconds(1)
        return configuration
    }

    package static func handler(mode: NIOHTTP2Handler.ParserMode) -> NIOHTTP2Handler {
        NIOHTTP2Handler(
            mode: mode, connectionConfiguration: connectionConfiguration(), streamConfiguration: streamConfiguration())
    }

    /// The bytes a DATA frame takes from the receive window (its padding included).
    package static func flowControlledLength(_ data: HTTP2Frame.FramePayload.Data) -> Int {
        data.data.readableBytes + (data.paddingBytes.map { $0 + 1 } ?? 0)
    }
}
