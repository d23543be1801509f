import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP server on loopback for tests: answers each GET from a handler that sees the path
/// and how often it was asked before, so tests can play "not stored yet", failures and slowness.
package final class FixtureHTTPServer: Sendable {
    package struct Reply: Sendable {
        package var status: HTTPResponseStatus = .ok
        package var body: Data = Data()
        package var delay: Duration = .zero
        /// Close the connection after this many body bytes (a truncated answer).
        package var truncateAfter: Int?

        package init(status: HTTPResponseStatus = .ok, body: Data = Data(), delay: Duration = .zero, truncateAfter: Int? = nil) {
            self.status = status
            self.body = body
            self.delay = delay
            self.truncateAfter = truncateAfter
        }
    }

    package typealias Handler = @Sendable (_ path: String, _ attempt: Int, _ headers: HTTPHeaders) -> Reply

    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let channel: any Channel
    private let attempts = Mutex<[String: Int]>([:])
    private let queries = Mutex<[String: String]>([:])
    package let port: Int

    package init(handler: @escaping Handler) throws {
        let box = HandlerBox()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(RequestHandler(server: box))
                }
            }
        channel = try bootstrap.bind(host: "127.0.0.1", port: 0).wait()
        port = channel.localAddress?.port ?? 0
        box.server = self
        box.handler = handler
    }

    package var url: String { "http://127.0.0.1:\(port)" }

    func nextAttempt(_ path: String) -> Int {
        attempts.withLock { all in
            let n = all[path, default: 0]
            all[path] = n + 1
            return n
        }
    }

    package func requests(to path: String) -> Int { attempts.withLock { $0[path] ?? 0 } }

    /// The query string (percent-decoded) of the last request to `path`.
    package func lastQuery(of path: String) -> String? { queries.withLock { $0[path] } }

    func record(query: String, of path: String) { queries.withLock { $0[path] = query.removingPercentEncoding ?? query } }

    package func stop() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

final class HandlerBox: @unchecked Sendable {
    weak var server: FixtureHTTPServer?
    var handler: FixtureHTTPServer.Handler?
}

private final class RequestHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    let box: HandlerBox
    var head: HTTPRequestHead?

    init(server: HandlerBox) { box = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break
        case .end:
            guard let head, let handler = box.handler, let server = box.server else { return }
            let parts = head.uri.split(separator: "?", maxSplits: 1)
            let path = String(parts.first ?? "")
            server.record(query: parts.count > 1 ? String(parts[1]) : "", of: path)
            let reply = handler(path, server.nextAttempt(path), head.headers)
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            let respond = {
                let context = loopBound.value
                var headers = HTTPHeaders([
                    ("Content-Type", "application/json"), ("Content-Length", "\(reply.body.count)"),
                ])
                if reply.truncateAfter == nil { headers.add(name: "Connection", value: "keep-alive") }
                context.write(
                    self.wrapOutboundOut(
                        .head(HTTPResponseHead(version: head.version, status: reply.status, headers: headers))),
                    promise: nil)
                var buffer = context.channel.allocator.buffer(capacity: reply.body.count)
                buffer.writeBytes(reply.body.prefix(reply.truncateAfter ?? reply.body.count))
                context.write(self.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
                if reply.truncateAfter != nil {
                    context.flush()
                    context.close(promise: nil)
                } else {
                    context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
                }
            }
            if reply.delay > .zero {
                let nanos =
                    Int64(reply.delay.components.seconds) * 1_000_000_000 + reply.delay.components.attoseconds
                    / 1_000_000_000
                context.eventLoop.scheduleTask(in: .nanoseconds(nanos)) { respond() }
            } else {
                respond()
            }
        }
    }
}
