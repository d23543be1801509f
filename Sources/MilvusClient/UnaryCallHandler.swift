import NIOCore
import NIOHPACK
import NIOHTTP2

/// A unary gRPC call handed to the event loop: its request and where its answer goes.
struct OutgoingCall: Sendable {
    var headers: HPACKHeaders
    var message: ByteBuffer
    var deadline: NIODeadline
    var timeoutSeconds: Double
    var answer: UnsafeContinuation<Result<ByteBuffer, MilvusError>, Never>

    func fail(_ error: MilvusError) { answer.resume(returning: .failure(error)) }
}

/// Unary gRPC calls as HTTP/2 frames on one connection, each call a stream: HEADERS and DATA
/// out, HEADERS, DATA and trailers in.
///
/// Why not grpc-swift's client: it gives every call a child channel, an async task and a
/// handful of state machines (about 260 allocations and several thread hops per call), which
/// made traceload as heavy as the Python client it is meant to be lighter than. Here a call is
/// one dictionary entry on the event loop and one continuation resumed from it.
///
/// Confined to the connection's event loop.
final class UnaryCallHandler: ChannelInboundHandler {
    typealias InboundIn = HTTP2Frame
    typealias OutboundOut = HTTP2Frame

    private struct Pending {
        var call: OutgoingCall
        var headers: HPACKHeaders?
        var body: ByteBuffer?
        var window = ReceiveWindow()
    }

    private var calls: [HTTP2StreamID: Pending] = [:]
    private var nextStreamID: Int32 = 1
    private var context: ChannelHandlerContext?
    private var flow = InboundFlowControl()
    private var deadlineSweep: RepeatedTask?
    /// Calls handed over between the connect promise and channelActive (NIO completes the
    /// former first; the HTTP/2 preface goes out on the latter and must precede any stream).
    private var beforeActive: [OutgoingCall]? = []
    private var closedReason: String?
    /// False once the connection cannot take new calls (closed, GOAWAY, stream ids used up).
    private(set) var acceptsCalls = true

    /// Stream ids are 31 bits and never reused: a connection that used them up is replaced.
    private static let lastStreamID = Int32.max - 2

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        // Calls that outlive their deadline are cancelled by a sweep rather than by a timer
        // each: one scheduled task per connection instead of one allocation per call.
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        deadlineSweep = context.eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(20), delay: .milliseconds(20)) { _ in
            handler.value.cancelOverdueCalls()
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadlineSweep?.cancel()
        failAll(.transport(code: "unavailable", message: closedReason ?? "connection closed"))
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        let queued = beforeActive ?? []
        beforeActive = nil
        queued.forEach(start)
    }

    func channelInactive(context: ChannelHandlerContext) {
        beforeActive?.forEach { $0.fail(.transport(code: "unavailable", message: closedReason ?? "connection closed")) }
        beforeActive = nil
        acceptsCalls = false
        deadlineSweep?.cancel()
        failAll(.transport(code: "unavailable", message: closedReason ?? "connection closed"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let streamError = error as? NIOHTTP2Errors.StreamError {
            // One call's protocol error; the connection and the other calls go on.
            complete(streamError.streamID, .failure(.transport(code: "internalError", message: "HTTP/2: \(streamError.baseError)")))
            return
        }
        closedReason = "\(error)"
        acceptsCalls = false
        context.close(promise: nil)
    }

    /// Sends a call's HEADERS and DATA (end of stream) and waits for its answer.
    func start(_ call: OutgoingCall) {
        guard acceptsCalls, let context else {
            call.fail(.transport(code: "unavailable", message: closedReason ?? "connection closed"))
            return
        }
        if beforeActive != nil {
            beforeActive!.append(call)
            return
        }
        if nextStreamID == 1 {
            // The connection's window starts at 64 KiB whatever the settings say; widen it once.
            // (Not in channelActive: the HTTP/2 handler sends its preface after passing that on.)
            let increment = HTTP2Setup.receiveWindow - 65_535
            context.write(wrapOutboundOut(HTTP2Frame(streamID: .rootStream, payload: .windowUpdate(windowSizeIncrement: increment))), promise: nil)
        }
        let id = HTTP2StreamID(nextStreamID)
        nextStreamID += 2
        if nextStreamID >= Self.lastStreamID { acceptsCalls = false }
        calls[id] = Pending(call: call)
        context.write(wrapOutboundOut(HTTP2Frame(streamID: id, payload: .headers(.init(headers: call.headers)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(HTTP2Frame(streamID: id, payload: .data(.init(data: .byteBuffer(call.message), endStream: true)))), promise: nil)
    }

    var callsInFlight: Int { calls.count }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        let id = frame.streamID
        switch frame.payload {
        case .headers(let headers):
            guard calls[id] != nil else { return }
            if headers.endStream {
                finish(id, trailers: headers.headers)
            } else {
                calls[id]!.headers = headers.headers
            }
        case .data(let data):
            guard calls[id] != nil else {
                // An answer that came after its call ended still counts against the connection.
                var ended = ReceiveWindow()
                flow.received(data, on: id, stream: &ended) { context.write(wrapOutboundOut($0), promise: nil) }
                return
            }
            flow.received(data, on: id, stream: &calls[id]!.window) { context.write(wrapOutboundOut($0), promise: nil) }
            guard case .byteBuffer(var bytes) = data.data else { return }
            if calls[id]!.body == nil {
                calls[id]!.body = bytes
            } else {
                calls[id]!.body!.writeBuffer(&bytes)
            }
            if data.endStream {
                // A gRPC answer ends with trailers; one that ends with data lost its status.
                let headers = calls[id]!.headers ?? [:]
                finish(id, trailers: headers)
            }
        case .rstStream(let code):
            complete(id, .failure(.transport(code: "unavailable", message: "stream reset by the server (\(code))")))
        case .goAway(let lastStreamID, let code, _):
            acceptsCalls = false
            closedReason = "the server closed the connection (GOAWAY \(code))"
            for stream in calls.keys where stream > lastStreamID {
                complete(stream, .failure(.transport(code: "unavailable", message: closedReason!)))
            }
            if calls.isEmpty { context.close(promise: nil) }
        default:
            break
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flow.flushIfNeeded(context)
        context.fireChannelReadComplete()
    }

    private func finish(_ id: HTTP2StreamID, trailers: HPACKHeaders) {
        guard let pending = calls[id] else { return }
        complete(id, GRPCStatus.result(trailers: trailers, body: pending.body, timeoutSeconds: pending.call.timeoutSeconds))
    }

    private func complete(_ id: HTTP2StreamID, _ result: Result<ByteBuffer, MilvusError>) {
        guard let pending = calls.removeValue(forKey: id) else { return }
        pending.call.answer.resume(returning: result)
        if !acceptsCalls && calls.isEmpty { context?.close(promise: nil) }
    }

    private func cancelOverdueCalls() {
        guard !calls.isEmpty, let context else { return }
        let now = NIODeadline.now()
        var cancelled = false
        for (id, pending) in calls where pending.call.deadline <= now {
            context.write(wrapOutboundOut(HTTP2Frame(streamID: id, payload: .rstStream(.cancel))), promise: nil)
            complete(id, .failure(.timeout(seconds: pending.call.timeoutSeconds)))
            cancelled = true
        }
        if cancelled { context.flush() }
    }

    private func failAll(_ error: MilvusError) {
        let pending = calls
        calls.removeAll()
        for entry in pending.values { entry.call.fail(error) }
    }
}
