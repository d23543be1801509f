import Foundation
import NIOCore
import NIOEmbedded
import NIOHPACK
import NIOHTTP2
import Synchronization
import Testing

@testable import GRPCWire

/// The call handler frame by frame, on NIO's EmbeddedChannel: what it writes for what it reads.
@Suite struct UnaryCallHandlerTests {
    /// A handler on an embedded channel, and the answers its calls got.
    final class Harness: @unchecked Sendable {
        let channel: EmbeddedChannel
        let handler: UnaryCallHandler
        let answers = Mutex<[Int: Result<ByteBuffer, CallFailure>]>([:])
        let stats = WireStats()

        init(keepalive: Keepalive = Keepalive()) throws {
            handler = UnaryCallHandler(keepalive: keepalive, stats: stats)
            channel = EmbeddedChannel(handler: handler)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        }

        /// Starts call number `n`; its answer lands in `answers[n]`.
        func start(_ n: Int, deadline: NIODeadline = .now() + .seconds(30)) {
            handler.start(
                OutgoingCall(
                    headers: [":path": "/m"], message: ByteBuffer(bytes: [0, 0, 0, 0, 0]), deadline: deadline,
                    timeoutSeconds: 30, answer: .callback { [self] result in answers.withLock { $0[n] = result } }))
        }

        func read(_ payload: HTTP2Frame.FramePayload, on stream: Int = 0) throws {
            try channel.writeInbound(HTTP2Frame(streamID: HTTP2StreamID(stream), payload: payload))
        }

        /// Every frame written since the last look.
        func written() throws -> [HTTP2Frame] {
            var frames: [HTTP2Frame] = []
            while let frame = try channel.readOutbound(as: HTTP2Frame.self) { frames.append(frame) }
            return frames
        }

        func settings(maxStreams: Int?) throws {
            try read(
                .settings(
                    .settings(maxStreams.map { [HTTP2Setting(parameter: .maxConcurrentStreams, value: $0)] } ?? [])))
        }

        /// A whole gRPC answer on `stream`.
        func answer(_ stream: Int, message: [UInt8] = []) throws {
            try read(.headers(.init(headers: [":status": "200", "content-type": "application/grpc"])), on: stream)
            var body = ByteBuffer()
            body.writeInteger(UInt8(0))
            body.writeInteger(UInt32(message.count))
            body.writeBytes(message)
            try read(.data(.init(data: .byteBuffer(body))), on: stream)
            try read(.headers(.init(headers: ["grpc-status": "0"], endStream: true)), on: stream)
        }

        func code(_ n: Int) -> String? {
            switch answers.withLock({ $0[n] }) {
            case nil: nil
            case .success: "ok"
            case .failure(.timeout): "timeout"
            case .failure(.status(let code, _)): code
            }
        }
    }

    static func streams(_ frames: [HTTP2Frame]) -> [Int] {
        frames.compactMap { frame in if case .headers = frame.payload { Int(Int32(frame.streamID)) } else { nil } }
    }

    /// No stream before the server's SETTINGS, then never more than it allows: the rest wait.
    @Test func streamsWaitForTheServersSettingsAndLimit() throws {
        let h = try Harness()
        for n in 1...3 { h.start(n) }
        #expect(Self.streams(try h.written()).isEmpty)
        try h.settings(maxStreams: 2)
        let opened = try h.written()
        #expect(Self.streams(opened) == [1, 3])
        // The connection's window was widened before the first stream.
        #expect(
            opened.contains {
                if case .windowUpdate(let n) = $0.payload {
                    $0.streamID == .rootStream && n == HTTP2Setup.receiveWindow - 65_535
                } else {
                    false
                }
            })
        try h.answer(1, message: [8, 1])
        #expect(h.code(1) == "ok")
        #expect(Self.streams(try h.written()) == [5])
        #expect(h.handler.callsInFlight == 2)
        // Waiting for the server's SETTINGS is not waiting for a stream: none counted so far. A
        // call that finds both streams busy is.
        #expect(h.stats.waits.calls == 0)
        h.start(4)
        #expect(Self.streams(try h.written()).isEmpty)
        try h.answer(3, message: [8, 1])
        #expect(Self.streams(try h.written()) == [7])
        #expect(h.stats.waits.calls == 1)
    }

    /// The connection's window follows swift-nio-http2's own account of it (which counts DATA of
    /// streams already reset, which the handler never sees), refilled once half is used.
    @Test func theConnectionWindowIsRefilledFromTheEvent() throws {
        let h = try Harness()
        try h.settings(maxStreams: nil)
        h.start(1)
        _ = try h.written()
        h.channel.pipeline.fireUserInboundEventTriggered(
            NIOHTTP2WindowUpdatedEvent(streamID: .rootStream, inboundWindowSize: 12 << 20, outboundWindowSize: nil))
        #expect(try h.written().isEmpty)
        h.channel.pipeline.fireUserInboundEventTriggered(
            NIOHTTP2WindowUpdatedEvent(streamID: .rootStream, inboundWindowSize: 1 << 20, outboundWindowSize: nil))
        let update = try h.written()
        #expect(update.count == 1)
        if case .windowUpdate(let increment) = update.first?.payload {
            #expect(increment == HTTP2Setup.receiveWindow - (1 << 20))
        }
    }

    @Test func resetsTrailersOnlyAndHTTPStatusesMapAsTheSpecificationSays() throws {
        let h = try Harness()
        try h.settings(maxStreams: 100)
        for n in 1...7 { h.start(n) }
        _ = try h.written()
        try h.read(.rstStream(.refusedStream), on: 1)
        try h.read(.rstStream(.cancel), on: 3)
        try h.read(.rstStream(.enhanceYourCalm), on: 5)
        try h.read(.rstStream(.protocolError), on: 7)
        try h.read(
            .headers(
                .init(
                    headers: [
                        ":status": "200", "content-type": "application/grpc", "grpc-status": "14",
                        "grpc-message": "busy",
                    ], endStream: true)), on: 9)
        try h.read(.headers(.init(headers: [":status": "503", "content-type": "text/plain"], endStream: true)), on: 11)
        try h.read(.headers(.init(headers: [":status": "200", "content-type": "text/html"], endStream: true)), on: 13)
        #expect(
            (1...7).map(h.code) == [
                "unavailable", "cancelled", "resourceExhausted", "internalError", "unavailable", "unavailable",
                "unknown",
            ])
    }

    /// A call's deadline passing resets its stream and sends a PING; a PING unanswered for the
    /// keepalive timeout closes the connection and fails what is in flight as unavailable.
    @Test func anUnansweredPingClosesTheConnection() throws {
        let h = try Harness(keepalive: Keepalive(interval: nil, timeout: .milliseconds(10)))
        try h.settings(maxStreams: 100)
        h.start(1, deadline: .now() + .milliseconds(1))
        h.start(2)
        _ = try h.written()
        usleep(5_000)
        h.channel.embeddedEventLoop.advanceTime(by: .milliseconds(20))
        let frames = try h.written()
        #expect(h.code(1) == "timeout")
        #expect(frames.contains { if case .rstStream(.cancel) = $0.payload { $0.streamID == 1 } else { false } })
        #expect(frames.contains { if case .ping(_, ack: false) = $0.payload { true } else { false } })
        usleep(20_000)
        h.channel.embeddedEventLoop.advanceTime(by: .milliseconds(20))
        #expect(h.code(2) == "unavailable")
        #expect(!h.channel.isActive)
    }

    /// An answered PING keeps the connection.
    @Test func anAnsweredPingKeepsTheConnection() throws {
        let h = try Harness(keepalive: Keepalive(interval: nil, timeout: .milliseconds(10)))
        try h.settings(maxStreams: 100)
        h.start(1, deadline: .now() + .milliseconds(1))
        usleep(5_000)
        h.channel.embeddedEventLoop.advanceTime(by: .milliseconds(20))
        let ping = try #require(try h.written().first { if case .ping = $0.payload { true } else { false } })
        guard case .ping(let data, _) = ping.payload else { return }
        try h.read(.ping(data, ack: true))
        usleep(20_000)
        h.channel.embeddedEventLoop.advanceTime(by: .milliseconds(20))
        #expect(h.channel.isActive)
        h.start(2)
        #expect(Self.streams(try h.written()) == [3])
    }

    /// GOAWAY: calls on streams the server will not process fail as unavailable; the rest finish.
    @Test func goAwayFailsTheStreamsBeyondItsLastOne() throws {
        let h = try Harness()
        try h.settings(maxStreams: 100)
        for n in 1...3 { h.start(n) }
        _ = try h.written()
        try h.read(.goAway(lastStreamID: 1, errorCode: .noError, opaqueData: nil))
        #expect(h.code(2) == "unavailable" && h.code(3) == "unavailable" && h.code(1) == nil)
        h.start(4)
        #expect(h.code(4) == "unavailable")
        try h.answer(1)
        #expect(h.code(1) == "ok")
    }
}
