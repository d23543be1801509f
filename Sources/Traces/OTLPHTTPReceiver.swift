import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import OTLPProto
import SwiftProtobuf

/// The embedded receiver's OTLP/HTTP side: `POST /v1/traces` with a protobuf
/// (`application/x-protobuf`) or JSON (`application/json`) ExportTraceServiceRequest, into the
/// same `SpanCollector` as the gRPC side.
package final class OTLPHTTPReceiver: Sendable {
    let collector: SpanCollector
    let group: MultiThreadedEventLoopGroup
    let channel: any Channel
    package let port: Int

    package init(collector: SpanCollector, host: String = "127.0.0.1", port: Int, maxBodyBytes: Int = 64 << 20) throws {
        self.collector = collector
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(ExportHandler(collector: collector, maxBodyBytes: maxBodyBytes))
                }
            }
        do {
            channel = try bootstrap.bind(host: host, port: port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw TraceSourceError.unreadable("the OTLP/HTTP receiver cannot listen on \(host):\(port): \(error)")
        }
        self.port = channel.localAddress?.port ?? port
    }

    package func stop() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

private final class ExportHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let collector: SpanCollector
    let maxBodyBytes: Int
    var head: HTTPRequestHead?
    var body = ByteBuffer()
    var tooLarge = false

    init(collector: SpanCollector, maxBodyBytes: Int) {
        self.collector = collector
        self.maxBodyBytes = maxBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
            tooLarge = false
        case .body(var chunk):
            if body.readableBytes + chunk.readableBytes > maxBodyBytes {
                tooLarge = true
            } else {
                body.writeBuffer(&chunk)
            }
        case .end:
            guard let head else { return }
            let (status, type, reply) = handle(head)
            var headers = HTTPHeaders([("Content-Type", type), ("Content-Length", "\(reply.count)")])
            if head.isKeepAlive { headers.add(name: "Connection", value: "keep-alive") }
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
                promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: reply)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            if !head.isKeepAlive { context.close(promise: nil) }
        }
    }

    /// (status, content type, body) for one request.
    func handle(_ head: HTTPRequestHead) -> (HTTPResponseStatus, String, [UInt8]) {
        let path = head.uri.split(separator: "?").first.map(String.init) ?? head.uri
        guard head.method == .POST, path == "/v1/traces" else {
            return (.notFound, "text/plain", Array("only POST /v1/traces is served here\n".utf8))
        }
        guard !tooLarge else { return (.payloadTooLarge, "text/plain", Array("body too large\n".utf8)) }
        if let encoding = head.headers["Content-Encoding"].first, encoding != "identity" {
            return (
                .unsupportedMediaType, "text/plain",
                Array("Content-Encoding \(encoding) is not supported; send uncompressed\n".utf8)
            )
        }
        let bytes = Data(body.readableBytesView)
        let type = head.headers["Content-Type"].first?.lowercased() ?? ""
        do {
            if type.hasPrefix("application/json") {
                collector.add(try OTLPJSON.parseDocument(bytes))
                return (.ok, "application/json", Array("{}".utf8))
            }
            let request = try Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest(serializedBytes: bytes)
            let (spans, rejected) = Span.from(request)
            collector.add(spans, malformed: rejected)
            return (.ok, "application/x-protobuf", [])
        } catch {
            collector.add([], malformed: 1)
            return (.badRequest, "text/plain", Array("cannot decode the export request: \(error)\n".utf8))
        }
    }
}
