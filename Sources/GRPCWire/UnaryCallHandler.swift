import DequeModule
import NIOCore
import NIOHPACK
import NIOHTTP2

/// Unary gRPC calls as HTTP/2 frames on one connection, each call a stream: HEADERS and DATA
/// out, HEADERS, DATA and trailers in.
///
/// Why not grpc-swift's client: it gives every call a child channel, an async task and a
/// handful of state machines (about 260 allocations and several thread hops per call), which
/// made traceload as heavy as the Python client it is meant to be lighter than. Here a call is
/// one dictionary entry on the event loop and one continuation resumed from it.
///
/// No stream is opened before the server's SETTINGS say how many it allows at once
/// (swift-nio-http2 assumes 100 until told; a server allowing 2 would refuse the rest), and never
/// more than that: calls beyond it wait in order, counted in `WireStats`.
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

    private struct Waiting {
        var call: OutgoingCall
        var since: NIODeadline
        /// Queued because every stream the server allows was busy, not because its SETTINGS had
        /// not come yet (the connection's first calls): only those waits are reported.
        var forStream: Bool
    }

    private var calls: [HTTP2StreamID: Pending] = [:]
    /// Calls waiting for the server's SETTINGS or for a stream to free up, oldest first.
    private var waiting = Deque<Waiting>()
    /// SETTINGS_MAX_CONCURRENT_STREAMS of the server; nil until its first SETTINGS arrived.
    private(set) var streamLimit: Int?
    private var nextStreamID: Int32 = 1
    private var context: ChannelHandlerContext?
    private var flow = InboundFlowControl()
    private var sweep: RepeatedTask?
    private var closedReason: String?
    /// False once the connection cannot take new calls (closed, GOAWAY, stream ids used up).
    private(set) var acceptsCalls = true
    private let keepalive: Keepalive
    private let stats: WireStats
    /// When a frame was last read, as the sweep saw it (a flag per frame, not a clock read).
    private var lastRead = NIODeadline.now()
    private var readSinceSweep = false
    private var ping: (id: UInt64, sent: NIODeadline)?
    private var pingCounter: UInt64 = 0
    /// Called once the server's limit is known (the connection sizes its pool by it).
    private let onSettings: (Int) -> Void

    /// Stream ids are 31 bits and never reused: a connection that used them up is replaced.
    private static let lastStreamID = Int32.max - 2
    /// swift-nio-http2's assumption when the server's SETTINGS leave the limit out.
    static let defaultStreamLimit = 100

    init(keepalive: Keepalive, stats: WireStats, onSettings: @escaping (Int) -> Void = { _ in }) {
        self.keepalive = keepalive
        self.stats = stats
        self.onSettings = onSettings
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        // Overdue calls are cancelled, and keepalive checked, by a sweep rather than by a timer
        // each: one scheduled task per connection instead of one allocation per call.
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        sweep = context.eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(20), delay: .milliseconds(20)) { _ in
            handler.value.sweepTick()
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        sweep?.cancel()
        failAll(.unavailable(closedReason ?? "connection closed"))
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        acceptsCalls = false
        sweep?.cancel()
        failAll(.unavailable(closedReason ?? "connection closed"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let streamError = error as? NIOHTTP2Errors.StreamError {
            // One call's protocol error; the connection and the other calls go on.
            complete(
                streamError.streamID,
                .failure(
                    .status(
                        code: GRPCStatus.name(GRPCStatus.internalError), message: "HTTP/2: \(streamError.baseError)")))
            return
        }
        closedReason = "\(error)"
        acceptsCalls = false
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let window = event as? NIOHTTP2WindowUpdatedEvent, let update = flow.connectionWindowChanged(window) {
            // Flushed at once: the event may come outside a read (a stream we reset was closed),
            // and no read completes while the server waits for this window.
            context.writeAndFlush(wrapOutboundOut(update), promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Starts a call, or queues it until the server allows another stream.
    func start(_ call: OutgoingCall) {
        guard acceptsCalls, context != nil else {
            call.fail(.unavailable(closedReason ?? "connection closed"))
            return
        }
        if let limit = streamLimit, calls.count < limit, waiting.isEmpty {
            open(call)
        } else {
            waiting.append(Waiting(call: call, since: .now(), forStream: streamLimit != nil))
        }
    }

    var callsInFlight: Int { calls.count }

    private func open(_ call: OutgoingCall) {
        guard let context else { return call.fail(.unavailable(closedReason ?? "connection closed")) }
        if let widen = flow.widenConnectionWindow() { context.write(wrapOutboundOut(widen), promise: nil) }
        let id = HTTP2StreamID(nextStreamID)
        nextStreamID += 2
        if nextStreamID >= Self.lastStreamID { acceptsCalls = false }
        calls[id] = Pending(call: call)
        context.write(
            wrapOutboundOut(HTTP2Frame(streamID: id, payload: .headers(.init(headers: call.headers)))), promise: nil)
        context.writeAndFlush(
            wrapOutboundOut(
                HTTP2Frame(streamID: id, payload: .data(.init(data: .byteBuffer(call.message), endStream: true)))),
            promise: nil)
    }

    /// Opens waiting calls while the server allows more streams.
    private func drain() {
        guard let limit = streamLimit else { return }
        let now = NIODeadline.now()
        while calls.count < limit, acceptsCalls, let next = waiting.popFirst() {
            if next.call.deadline <= now {
                next.call.fail(.timeout(seconds: next.call.timeoutSeconds))
                continue
            }
            if next.forStream { stats.waited(nanoseconds: (now - next.since).nanoseconds) }
            open(next.call)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        let id = frame.streamID
        readSinceSweep = true
        switch frame.payload {
        case .settings(.settings(let settings)):
            let limit = settings.last { $0.parameter == .maxConcurrentStreams }.map { Int($0.value) }
            let first = streamLimit == nil
            if let limit { streamLimit = limit } else if first { streamLimit = Self.defaultStreamLimit }
            if first { onSettings(streamLimit!) }
            drain()
        case .headers(let headers):
            guard calls[id] != nil else { return }
            if headers.endStream {
                finish(id, trailers: headers.headers)
            } else {
                calls[id]!.headers = headers.headers
            }
        case .data(let data):
            // A DATA frame of a stream already ended never gets here: swift-nio-http2 drops it
            // (its window comes back through the connection window event).
            guard calls[id] != nil else { return }
            if let update = flow.received(data, on: id, stream: &calls[id]!.window) {
                context.write(wrapOutboundOut(update), promise: nil)
            }
            guard case .byteBuffer(var bytes) = data.data else { return }
            if calls[id]!.body == nil {
                calls[id]!.body = bytes
            } else {
                calls[id]!.body!.writeBuffer(&bytes)
            }
            if data.endStream {
                // A gRPC answer ends with trailers; one that ends with data lost its status.
                finish(id, trailers: [:])
            }
        case .rstStream(let code):
            complete(
                id,
                .failure(
                    .status(
                        code: GRPCStatus.name(GRPCStatus.code(resetCode: code)),
                        message: "stream reset by the server (\(code))")))
        case .ping(let payload, ack: true):
            if let ping, payload.integer == ping.id { self.ping = nil }
        case .goAway(let lastStreamID, let code, _):
            acceptsCalls = false
            closedReason = "the server closed the connection (GOAWAY \(code))"
            for stream in calls.keys where stream > lastStreamID {
                complete(stream, .failure(.unavailable(closedReason!)))
            }
            for next in waiting { next.call.fail(.unavailable(closedReason!)) }
            waiting.removeAll()
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
        complete(
            id,
            GRPCStatus.result(
                headers: pending.headers, trailers: trailers, body: pending.body,
                timeoutSeconds: pending.call.timeoutSeconds))
    }

    private func complete(_ id: HTTP2StreamID, _ result: Result<ByteBuffer, CallFailure>) {
        guard let pending = calls.removeValue(forKey: id) else { return }
        pending.call.resume(result)
        drain()
        if !acceptsCalls && calls.isEmpty { context?.close(promise: nil) }
    }

    private func sweepTick() {
        guard let context else { return }
        let now = NIODeadline.now()
        if readSinceSweep {
            readSinceSweep = false
            lastRead = now
        }
        var timedOut = false
        if !calls.isEmpty {
            for (id, pending) in calls where pending.call.deadline <= now {
                context.write(wrapOutboundOut(HTTP2Frame(streamID: id, payload: .rstStream(.cancel))), promise: nil)
                complete(id, .failure(.timeout(seconds: pending.call.timeoutSeconds)))
                timedOut = true
            }
        }
        if !waiting.isEmpty {
            let overdue = waiting.filter { $0.call.deadline <= now }
            if !overdue.isEmpty {
                waiting.removeAll { $0.call.deadline <= now }
                for next in overdue { next.call.fail(.timeout(seconds: next.call.timeoutSeconds)) }
            }
        }
        // Keepalive: a PING unanswered for the timeout means the connection is dead.
        if let ping, now - ping.sent > keepalive.timeout {
            closedReason =
                "no answer to an HTTP/2 PING within \(keepalive.timeout.nanoseconds / 1_000_000_000) s: the connection is dead"
            acceptsCalls = false
            context.close(promise: nil)
            return
        }
        if ping == nil && (timedOut || keepalive.interval.map { now - lastRead > $0 } == true) {
            sendPing(context, now: now)
        }
        if timedOut { context.flush() }
    }

    private func sendPing(_ context: ChannelHandlerContext, now: NIODeadline) {
        pingCounter &+= 1
        ping = (pingCounter, now)
        context.writeAndFlush(
            wrapOutboundOut(
                HTTP2Frame(streamID: .rootStream, payload: .ping(HTTP2PingData(withInteger: pingCounter), ack: false))),
            promise: nil)
    }

    private func failAll(_ error: CallFailure) {
        let pending = calls
        calls.removeAll()
        for entry in pending.values { entry.call.fail(error) }
        let queued = waiting
        waiting.removeAll()
        for next in queued { next.call.fail(error) }
    }
}
