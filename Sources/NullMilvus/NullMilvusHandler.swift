import Foundation
import GRPCWire
import MilvusProto
import NIOCore
import NIOHPACK
import NIOHTTP2
import SwiftProtobuf

/// The null Milvus's side of a connection: each request stream (HEADERS, DATA) is answered
/// with HEADERS, one DATA and trailers as soon as its last frame arrives. Confined to the
/// connection's event loop.
final class NullMilvusHandler: ChannelInboundHandler {
    typealias InboundIn = HTTP2Frame
    typealias OutboundOut = HTTP2Frame

    private struct Request {
        var path = ""
        var body: ByteBuffer?
        var window = ReceiveWindow()
    }

    private var requests: [HTTP2StreamID: Request] = [:]
    private var flow = InboundFlowControl()
    private let searchLatency: TimeAmount?
    private let failures: [String: ByteBuffer]
    private let tally: NullMilvusTally?

    init(searchLatency: TimeAmount? = nil, failures: [String: ByteBuffer] = [:], tally: NullMilvusTally? = nil) {
        self.searchLatency = searchLatency
        self.failures = failures
        self.tally = tally
    }

    private static let responseHeaders: HPACKHeaders = [":status": "200", "content-type": "application/grpc"]
    private static let okTrailers: HPACKHeaders = ["grpc-status": "0"]

    func channelActive(context: ChannelHandlerContext) {
        // The HTTP/2 handler has sent its preface by the time channelActive reaches here.
        if let widen = flow.widenConnectionWindow() { context.write(wrapOutboundOut(widen), promise: nil) }
        flow.flushIfNeeded(context)
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let window = event as? NIOHTTP2WindowUpdatedEvent, let update = flow.connectionWindowChanged(window) {
            context.write(wrapOutboundOut(update), promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        let id = frame.streamID
        switch frame.payload {
        case .headers(let headers):
            requests[id] = Request(path: headers.headers.first(name: ":path") ?? "")
            tally?.received(path: requests[id]!.path, traceparent: headers.headers.first(name: "traceparent"))
            if headers.endStream { answer(id, context: context) }
        case .data(let data):
            guard requests[id] != nil else { return }
            if let update = flow.received(data, on: id, stream: &requests[id]!.window) {
                context.write(wrapOutboundOut(update), promise: nil)
            }
            if case .byteBuffer(var buffer) = data.data {
                if requests[id]!.body == nil {
                    requests[id]!.body = buffer
                } else {
                    requests[id]!.body!.writeBuffer(&buffer)
                }
            }
            if data.endStream { answer(id, context: context) }
        case .rstStream:
            requests[id] = nil
        default:
            break
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flow.flushIfNeeded(context)
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let streamError = error as? NIOHTTP2Errors.StreamError {
            requests[streamError.streamID] = nil
            return
        }
        context.close(promise: nil)
    }

    private func answer(_ id: HTTP2StreamID, context: ChannelHandlerContext) {
        guard let request = requests.removeValue(forKey: id) else { return }
        flow.wrote()
        guard let response = NullAnswers.answer(path: request.path, request: request.body, failures: failures) else {
            tally?.answered()
            let trailers: HPACKHeaders = [
                ":status": "200", "content-type": "application/grpc", "grpc-status": "12",
                "grpc-message": "null Milvus does not implement \(request.path)",
            ]
            context.write(
                wrapOutboundOut(HTTP2Frame(streamID: id, payload: .headers(.init(headers: trailers, endStream: true)))),
                promise: nil)
            return
        }
        if let searchLatency, request.path.hasSuffix("/Search") {
            // The service time counts from the request's last frame, as a server's would.
            let loop = context.eventLoop
            let boxed = NIOLoopBound(context, eventLoop: loop)
            loop.scheduleTask(in: searchLatency) { [self] in
                let context = boxed.value
                guard context.channel.isActive else { return }
                respond(id, response, context: context)
                context.flush()
            }
            return
        }
        respond(id, response, context: context)
    }

    private func respond(_ id: HTTP2StreamID, _ response: ByteBuffer, context: ChannelHandlerContext) {
        tally?.answered()
        context.write(
            wrapOutboundOut(HTTP2Frame(streamID: id, payload: .headers(.init(headers: Self.responseHeaders)))),
            promise: nil)
        context.write(
            wrapOutboundOut(HTTP2Frame(streamID: id, payload: .data(.init(data: .byteBuffer(response))))), promise: nil)
        context.write(
            wrapOutboundOut(
                HTTP2Frame(streamID: id, payload: .headers(.init(headers: Self.okTrailers, endStream: true)))),
            promise: nil)
    }
}
