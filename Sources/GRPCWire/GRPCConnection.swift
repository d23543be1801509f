import Foundation
import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOPosix
import NIOSSL
import SwiftProtobuf
import Synchronization

/// One HTTP/2 connection to a gRPC server and unary calls over it.
///
/// The connection is opened on the first call and opened again after it is lost (the server
/// restarted, a GOAWAY, a PING left unanswered): while it cannot be opened, calls fail at once as
/// `unavailable` and the next attempt waits a backoff (100 ms, growing to 2 s). All of its state
/// lives on one event loop; a call crosses to it once and its answer comes back through one
/// continuation.
package final class GRPCConnection: Sendable {
    package let target: GRPCTarget
    let eventLoop: any EventLoop
    /// For the tasks that use this connection most (a worker's): they run on its event loop.
    package let taskExecutor: EventLoopTaskExecutor
    /// Calls that waited for a free stream.
    package let stats = WireStats()
    /// Headers that are the same for every call, built once (`authority` costs a Foundation
    /// string search, measurable at 30,000 calls a second).
    let grpcTimeout: String
    let authority: String
    let scheme: String
    let tls: NIOSSLContext?
    let serverName: String?
    private let state: NIOLoopBoundBox<ConnectionState>

    package init(_ target: GRPCTarget) throws {
        self.target = target
        eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        taskExecutor = EventLoopTaskExecutor(eventLoop)
        grpcTimeout = "\(Int64(target.timeoutSeconds * 1000))m"
        authority = target.authority
        scheme = target.useTLS ? "https" : "http"
        if target.useTLS {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.applicationProtocols = ["h2"]
            if let ca = target.caCertificatePath { configuration.trustRoots = .file(ca) }
            if let certificate = target.clientCertificatePath, let key = target.clientKeyPath {
                configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            }
            tls = try NIOSSLContext(configuration: configuration)
            // An IP literal is not a valid TLS server name (SNI); the certificate is checked against the IP.
            serverName = Self.isIPLiteral(target.host) ? nil : target.host
        } else {
            tls = nil
            serverName = nil
        }
        state = .makeBoxSendingValue(ConnectionState(), eventLoop: eventLoop)
    }

    static func isIPLiteral(_ host: String) -> Bool {
        var ipv4 = in_addr()
        var ipv6 = in6_addr()
        return inet_pton(AF_INET, host, &ipv4) == 1 || inet_pton(AF_INET6, host, &ipv6) == 1
    }

    package func close() {
        eventLoop.execute { [state] in
            state.value.closed = true
            state.value.channel?.close(promise: nil)
            for waiter in state.value.limitWaiters {
                waiter.resume(returning: .failure(.unavailable("connection closed")))
            }
            state.value.limitWaiters.removeAll()
        }
    }

    /// One unary call of a protobuf message. `traceparent`, when given, is sent as W3C trace
    /// context metadata. Inlinable so that encoding and decoding are specialized for each message
    /// type in the module that calls it (the Milvus client's hot path).
    @inlinable
    package func call<Request: SwiftProtobuf.Message & Sendable, Response: SwiftProtobuf.Message & Sendable>(
        path: String, _ request: Request, traceparent: String? = nil, as: Response.Type = Response.self
    ) async throws(CallFailure) -> Response {
        let message: GRPCFramedMessage
        do {
            message = try request.serializedBytes()
        } catch {
            throw CallFailure.status(code: GRPCStatus.name(3), message: "cannot serialize \(Request.self): \(error)")
        }
        switch await call(path: path, message: message.buffer, traceparent: traceparent) {
        case .success(let bytes):
            do {
                return try Response(serializedBytes: ReceivedBytes(bytes))
            } catch {
                throw CallFailure.status(
                    code: GRPCStatus.name(GRPCStatus.internalError), message: "cannot decode \(Response.self): \(error)"
                )
            }
        case .failure(let error):
            throw error
        }
    }

    /// One unary call of a framed message.
    package func call(path: String, message: ByteBuffer, traceparent: String? = nil) async -> Result<
        ByteBuffer, CallFailure
    > {
        let headers = requestHeaders(path: path, traceparent: traceparent)
        let deadline = NIODeadline.now() + .nanoseconds(Int64(target.timeoutSeconds * 1e9))
        return await withUnsafeContinuation { continuation in
            let call = OutgoingCall(
                headers: headers, message: message, deadline: deadline, timeoutSeconds: target.timeoutSeconds,
                answer: .continuation(continuation))
            if eventLoop.inEventLoop {
                submit(call)
            } else {
                eventLoop.execute { self.submit(call) }
            }
        }
    }

    /// How many calls the server lets this connection have in flight
    /// (SETTINGS_MAX_CONCURRENT_STREAMS), connecting to find out.
    package func streamLimit() async throws(CallFailure) -> Int {
        let result = await withUnsafeContinuation {
            (continuation: UnsafeContinuation<Result<Int, CallFailure>, Never>) in
            eventLoop.execute { [self] in
                let state = state.value
                if let handler = state.handler, handler.acceptsCalls, let limit = handler.streamLimit {
                    return continuation.resume(returning: .success(limit))
                }
                if state.closed { return continuation.resume(returning: .failure(.unavailable("connection closed"))) }
                state.limitWaiters.append(continuation)
                if !state.connecting { connect() }
            }
        }
        return try result.get()
    }

    /// Pseudo-headers first (HTTP/2 requires it), then gRPC's.
    private func requestHeaders(path: String, traceparent: String?) -> HPACKHeaders {
        var headers = HPACKHeaders()
        headers.reserveCapacity(10)
        headers.add(name: ":method", value: "POST")
        headers.add(name: ":scheme", value: scheme)
        headers.add(name: ":path", value: path)
        headers.add(name: ":authority", value: authority)
        headers.add(name: "content-type", value: "application/grpc")
        headers.add(name: "te", value: "trailers")
        headers.add(name: "user-agent", value: "traceload")
        headers.add(name: "grpc-timeout", value: grpcTimeout)
        if let authorization = target.authorization {
            headers.add(name: "authorization", value: authorization, indexing: .neverIndexed)
        }
        if let traceparent { headers.add(name: "traceparent", value: traceparent) }
        for (name, value) in target.metadata { headers.add(name: name, value: value, indexing: .neverIndexed) }
        return headers
    }

    // MARK: on the event loop

    private func submit(_ call: OutgoingCall) {
        let state = state.value
        if state.closed { return call.fail(.unavailable("connection closed")) }
        if let handler = state.handler, handler.acceptsCalls { return handler.start(call) }
        state.handler = nil
        if NIODeadline.now() < state.retryAt {
            return call.fail(.unavailable(state.lastFailure))
        }
        state.waiting.append(call)
        if !state.connecting { connect() }
    }

    private func connect() {
        state.value.connecting = true
        let boundState = state
        let handler = UnaryCallHandler(keepalive: target.keepalive, stats: stats) { limit in
            let state = boundState.value
            let waiters = state.limitWaiters
            state.limitWaiters.removeAll()
            for waiter in waiters { waiter.resume(returning: .success(limit)) }
        }
        let boundHandler = NIOLoopBound(handler, eventLoop: eventLoop)
        let (tls, serverName, target) = (tls, serverName, target)
        ClientBootstrap(group: eventLoop)
            .connectTimeout(.nanoseconds(Int64(max(1, min(target.timeoutSeconds, 10)) * 1e9)))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tls {
                        try pipeline.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: serverName))
                    }
                    try pipeline.addHandler(HTTP2Setup.handler(mode: .client))
                    try pipeline.addHandler(boundHandler.value)
                }
            }
            .connect(host: target.host, port: target.port)
            .whenComplete { result in
                let state = boundState.value
                state.connecting = false
                let waiting = state.waiting
                state.waiting.removeAll()
                switch result {
                case .success(let channel):
                    state.failures = 0
                    state.channel = channel
                    state.handler = boundHandler.value
                    if state.closed { channel.close(promise: nil) }
                    let now = NIODeadline.now()
                    for call in waiting {
                        if call.deadline <= now {
                            call.fail(.timeout(seconds: call.timeoutSeconds))
                        } else {
                            boundHandler.value.start(call)
                        }
                    }
                case .failure(let error):
                    state.failures += 1
                    let backoff = min(2.0, 0.1 * pow(1.6, Double(state.failures - 1))) * Double.random(in: 0.8...1.2)
                    state.retryAt = .now() + .nanoseconds(Int64(backoff * 1e9))
                    state.lastFailure = "cannot connect to \(target.host):\(target.port): \(error)"
                    for call in waiting { call.fail(.unavailable(state.lastFailure)) }
                    for waiter in state.limitWaiters {
                        waiter.resume(returning: .failure(.unavailable(state.lastFailure)))
                    }
                    state.limitWaiters.removeAll()
                }
            }
    }
}

/// The connection's mutable state; only touched on its event loop.
private final class ConnectionState {
    var channel: (any Channel)?
    var handler: UnaryCallHandler?
    var connecting = false
    var waiting: [OutgoingCall] = []
    var limitWaiters: [UnsafeContinuation<Result<Int, CallFailure>, Never>] = []
    var failures = 0
    var retryAt = NIODeadline.uptimeNanoseconds(0)
    var lastFailure = ""
    var closed = false
}
