import NIOCore
import NIOHTTP2

/// Answers the server's HTTP/2 PING frames before swift-nio-http2 sees them.
///
/// Why: grpc-go servers (Milvus) send a PING for bandwidth-delay estimation with nearly every
/// response. swift-nio-http2 counts inbound PINGs against a denial-of-service limit of 200 control
/// frames per 30 seconds, which grpc-swift-nio-transport does not let us raise; past it the
/// client sends GOAWAY(ENHANCE_YOUR_CALM) and every call in flight fails with "Stream unexpectedly
/// closed". A load generator crosses that limit within seconds. The PING must still be
/// acknowledged (grpc-go closes a connection whose keepalive PINGs go unanswered), so this handler
/// writes the ACK itself and passes every other byte through untouched.
///
/// It sits directly in front of the HTTP/2 handler, so it sees plaintext frames with or without
/// TLS. It tracks frame boundaries across reads; only a PING frame is ever held back (while its
/// 17 bytes are incomplete) or removed.
final class PingResponder: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private static let headerLength = 9
    private static let pingLength = 17

    /// Bytes of the current frame still to pass through before the next frame header.
    private var bodyRemaining = 0
    /// A frame header (or PING frame) split across reads.
    private var partial: ByteBuffer?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        if var held = partial {
            partial = nil
            held.writeBuffer(&buffer)
            buffer = held
        } else if !containsPing(buffer) {
            // The common case: no PING starts in this read; pass it on as it is.
            advance(over: buffer)
            context.fireChannelRead(data)
            return
        }
        split(context: context, buffer: buffer)
    }

    /// Scans frame headers without consuming; true if a PING (or a split header) starts here.
    private func containsPing(_ buffer: ByteBuffer) -> Bool {
        var offset = bodyRemaining
        while offset < buffer.readableBytes {
            let index = buffer.readerIndex + offset
            guard let header = buffer.getBytes(at: index, length: Self.headerLength) else { return true }
            if header[3] == 0x6 && header[4] & 0x1 == 0 { return true }
            offset += Self.headerLength + frameLength(header)
        }
        return false
    }

    /// Updates `bodyRemaining` after passing `buffer` through whole.
    private func advance(over buffer: ByteBuffer) {
        var offset = bodyRemaining
        while offset < buffer.readableBytes, let header = buffer.getBytes(at: buffer.readerIndex + offset, length: Self.headerLength) {
            offset += Self.headerLength + frameLength(header)
        }
        bodyRemaining = offset - buffer.readableBytes
    }

    private func split(context: ChannelHandlerContext, buffer: ByteBuffer) {
        var buffer = buffer
        var acked = false
        func forward(upTo end: Int) {
            let length = end - buffer.readerIndex
            guard length > 0, let run = buffer.readSlice(length: length) else { return }
            context.fireChannelRead(wrapInboundOut(run))
        }
        var cursor = buffer.readerIndex + min(bodyRemaining, buffer.readableBytes)
        bodyRemaining -= min(bodyRemaining, buffer.readableBytes)
        while cursor < buffer.writerIndex {
            guard let header = buffer.getBytes(at: cursor, length: Self.headerLength) else {
                // A header split across reads: hold it back with nothing after it.
                forward(upTo: cursor)
                partial = buffer.slice()
                if acked { context.flush() }
                return
            }
            let total = Self.headerLength + frameLength(header)
            if header[3] == 0x6 && header[4] & 0x1 == 0 && total == Self.pingLength {
                forward(upTo: cursor)
                guard buffer.readableBytes >= Self.pingLength, let ping = buffer.readSlice(length: Self.pingLength) else {
                    partial = buffer.slice()
                    if acked { context.flush() }
                    return
                }
                var ack = context.channel.allocator.buffer(capacity: Self.pingLength)
                ack.writeBytes([0, 0, 8, 0x6, 0x1, 0, 0, 0, 0])
                ack.writeBytes(ping.getBytes(at: ping.readerIndex + Self.headerLength, length: 8) ?? [])
                context.write(wrapOutboundOut(ack), promise: nil)
                acked = true
                cursor = buffer.readerIndex
            } else if cursor + total <= buffer.writerIndex {
                cursor += total
            } else {
                bodyRemaining = cursor + total - buffer.writerIndex
                cursor = buffer.writerIndex
            }
        }
        forward(upTo: buffer.writerIndex)
        if acked { context.flush() }
    }

    private func frameLength(_ header: [UInt8]) -> Int {
        Int(header[0]) << 16 | Int(header[1]) << 8 | Int(header[2])
    }

    /// Installs the responder in front of the connection's HTTP/2 handler.
    static func install(on channel: any Channel) -> EventLoopFuture<Void> {
        channel.eventLoop.submit {
            let sync = channel.pipeline.syncOperations
            let http2 = try sync.handler(type: NIOHTTP2Handler.self)
            try sync.addHandler(PingResponder(), position: .before(http2))
        }
    }
}
