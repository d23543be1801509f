import Foundation
import GRPCCore
import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOPosix
import NIOSSL
import SwiftProtobuf
import Synchronization

/// One HTTP/2 connection to Milvus and a generic unary call over it.
///
/// The connection is opened on the first call and opened again after it is lost (the server
/// restarted, a GOAWAY): while it cannot be opened, calls fail at once as `unavailable` and the
/// next attempt waits a backoff (100 ms, growing to 2 s). All of its state lives on one event
/// loop; a call crosses to it once and its answer comes back through one continuation.
public final class MilvusConnection: Sendable {
    let eventLoop: any EventLoop
    /// For the tasks that use this connection most (a worker's): they run on its event loop.
    public let taskExecutor: EventLoopTaskExecutor
    let timeoutSeconds: Double
    /// The `grpc-timeout` header, the same for every call.
    let grpcTimeout: String
    let target: (host: String, port: Int)
    let scheme: String
    let authority: String
    let authorization: String?
    let metadata: [(String, String)]
    let tls: NIOSSLContext?
    let serverName: String?
    private let state: NIOLoopBoundBox<ConnectionState>
    private let closed = Atomic<Bool>(false)

    public init(endpoint: MilvusEndpoint) throws {
        eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        taskExecutor = EventLoopTaskExecutor(eventLoop)
        grpcTimeout = "\(Int64(endpoint.requestTimeoutSeconds * 1000))m"
        timeoutSeconds = endpoint.requestTimeoutSeconds
        let host = endpoint.host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        target = (host, endpoint.port)
        scheme = endpoint.useTLS ? "https" : "http"
        authority = endpoint.address
        authorization = endpoint.authorization
        metadata = endpoint.metadata
        if endpoint.useTLS {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.applicationProtocols = ["h2"]
            if let ca = endpoint.caCertificatePath { configuration.trustRoots = .file(ca) }
            if let certificate = endpoint.clientCertificatePath, let key = endpoint.clientKeyPath {
                configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            }
            tls = try NIOSSLContext(configuration: configuration)
            // An IP literal is not a valid TLS server name (SNI); the certificate is checked against the IP.
            serverName = Self.isIPLiteral(host) ? nil : host
        } else {
            tls = nil
            serverName = nil
        }
        state = .makeBoxSendingValue(ConnectionState(), eventLoop: eventLoop)
    }

    static func isIPLiteral(_ host: String) -> Bool {
        var ipv4 = in_addr(), ipv6 = in6_addr()
        return inet_pton(AF_INET, host, &ipv4) == 1 || inet_pton(AF_INET6, host, &ipv6) == 1
    }

    /// Kept for callers that run a connection in a task of its own: returns once `close()` is
    /// called. (The connection itself needs no task: it lives on its event loop.)
    public func run() async throws {
        while !closed.load(ordering: .relaxed) { try await Task.sleep(for: .milliseconds(100)) }
    }

    public func close() {
        closed.store(true, ordering: .relaxed)
        eventLoop.execute { [state] in
            state.value.closed = true
            state.value.channel?.close(promise: nil)
        }
    }

    /// One unary call. `traceparent`, when given, is sent as W3C trace context metadata.
    public func call<Request: SwiftProtobuf.Message & Sendable, Response: SwiftProtobuf.Message & Sendable>(
        _ method: MethodDescriptor, _ request: Request, traceparent: String? = nil,
        as: Response.Type = Response.self
    ) async throws(MilvusError) -> Response {
        let message: GRPCFramedMessage
        do {
            message = try request.serializedBytes()
        } catch {
            throw MilvusError.transport(code: "invalidArgument", message: "cannot serialize \(Request.self): \(error)")
        }
        let headers = requestHeaders(path: "/" + method.fullyQualifiedMethod, traceparent: traceparent)
        let deadline = NIODeadline.now() + .nanoseconds(Int64(timeoutSeconds * 1e9))
        let result = await withUnsafeContinuation { continuation in
            let call = OutgoingCall(headers: headers, message: message.buffer, deadline: deadline, timeoutSeconds: timeoutSeconds, answer: continuation)
            if eventLoop.inEventLoop {
                submit(call)
            } else {
                eventLoop.execute { self.submit(call) }
            }
        }
        switch result {
        case .success(let bytes):
            do {
                return try Response(serializedBytes: ReceivedBytes(bytes))
            } catch {
                throw MilvusError.transport(code: "internalError", message: "cannot decode \(Response.self): \(error)")
            }
        case .failure(let error):
            throw error
        }
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
        if let authorization { headers.add(name: "authorization", value: authorization, indexing: .neverIndexed) }
        if let traceparent { headers.add(name: "traceparent", value: traceparent) }
        for (name, value) in metadata { headers.add(name: name, value: value, indexing: .neverIndexed) }
        return headers
    }

    // MARK: on the event loop

    private func submit(_ call: OutgoingCall) {
        let state = state.value
        if state.closed { return call.fail(.transport(code: "unavailable", message: "connection closed")) }
        if let handler = state.handler, handler.acceptsCalls { return handler.start(call) }
        state.handler = nil
        if NIODeadline.now() < state.retryAt {
            return call.fail(.transport(code: "unavailable", message: state.lastFailure))
        }
        state.waiting.append(call)
        if !state.connecting { connect() }
    }

    private func connect() {
        state.value.connecting = true
        let boundState = state
        let handler = UnaryCallHandler()
        let boundHandler = NIOLoopBound(handler, eventLoop: eventLoop)
        let (tls, serverName) = (tls, serverName)
        let connection = HTTP2Setup.connectionConfiguration()
        ClientBootstrap(group: eventLoop)
            .connectTimeout(.nanoseconds(Int64(max(1, min(timeoutSeconds, 10)) * 1e9)))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tls { try pipeline.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: serverName)) }
                    try pipeline.addHandler(NIOHTTP2Handler(mode: .client, connectionConfiguration: connection))
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
                        if call.deadline <= now { call.fail(.timeout(seconds: call.timeoutSeconds)) } else { boundHandler.value.start(call) }
                    }
                case .failure(let error):
                    state.failures += 1
                    let backoff = min(2.0, 0.1 * pow(1.6, Double(state.failures - 1))) * Double.random(in: 0.8...1.2)
                    state.retryAt = .now() + .nanoseconds(Int64(backoff * 1e9))
                    state.lastFailure = "cannot connect to \(self.target.host):\(self.target.port): \(error)"
                    for call in waiting { call.fail(.transport(code: "unavailable", message: state.lastFailure)) }
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
    var failures = 0
    var retryAt = NIODeadline.uptimeNanoseconds(0)
    var lastFailure = ""
    var closed = false
}
