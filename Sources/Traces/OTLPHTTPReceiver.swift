import CompressNIO
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import OTLPProto
import SwiftProtobuf

/// The embedded receiver's OTLP/HTTP side: `POST /v1/traces` with a protobuf
/// (`application/x-protobuf`) or JSON (`application/json`) ExportTraceServiceRequest, plain or
/// gzip/deflate-compressed (the OpenTelemetry Collector's otlphttp exporter sends gzip by
/// default), into the same `SpanCollector` as the gRPC side. With `forward`, every export is
/// passed on over OTLP/gRPC too: a protobuf one as the bytes that arrived (decompressed).
package final class OTLPHTTPReceiver: Sendable {
    let collector: SpanCollector
    let group: MultiThreadedEventLoopGroup
    let channel: any Channel
    package let port: Int

    /// Passes on an ExportTraceServiceRequest's protobuf bytes.
    package typealias Forward = @Sendable ([UInt8]) async -> Void

    package init(
        collector: SpanCollector, host: String = "127.0.0.1", port: Int, maxBodyBytes: Int = 64 << 20,
        forward: Forward? = nil
    ) throws {
        self.collector = collector
        let strings = SharedStrings()
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(
                        ExportHandler(
                            collector: collector, strings: strings, maxBodyBytes: maxBodyBytes, forward: forward))
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
    let strings: SharedStrings
    let maxBodyBytes: Int
    let forward: OTLPHTTPReceiver.Forward?
    var head: HTTPRequestHead?
    var body = ByteBuffer()
    var tooLarge = false

    init(collector: SpanCollector, strings: SharedStrings, maxBodyBytes: Int, forward: OTLPHTTPReceiver.Forward?) {
        self.collector = collector
        self.strings = strings
        self.maxBodyBytes = maxBodyBytes
        self.forward = forward
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
        let encoding = head.headers["Content-Encoding"].first?.lowercased().trimmingCharacters(in: .whitespaces) ?? "identity"
        let algorithm: CompressionAlgorithm?
        switch encoding {
        case "identity", "": algorithm = nil
        case "gzip", "x-gzip": algorithm = .gzip()
        case "deflate": algorithm = .zlib()
        default:
            return (
                .unsupportedMediaType, "text/plain",
                Array("Content-Encoding \(encoding) is not supported; send gzip, deflate or identity\n".utf8)
            )
        }
        let type = head.headers["Content-Type"].first?.lowercased() ?? ""
        do {
            var raw = body
            // Decompressed up to the same bound as a plain body (a small bomb stays small).
            let plain = try algorithm.map { try raw.decompress(with: $0, maxSize: maxBodyBytes) } ?? raw
            if type.hasPrefix("application/json") {
                let spans = try OTLPJSON.parseDocument(Data(plain.readableBytesView))
                collector.add(spans)
                if let forward {
                    let request = try Span.exportRequest(spans).serializedBytes() as [UInt8]
                    Task { await forward(request) }
                }
                return (.ok, "application/json", Array("{}".utf8))
            }
            // Decoded in place, as the gRPC side decodes (see `OTLPSpanDecoder`).
            let (spans, rejected) = try plain.withUnsafeReadableBytes {
                try OTLPSpanDecoder.decode($0, strings: strings)
            }
            collector.add(spans, malformed: rejected)
            if let forward {
                let request = Array(plain.readableBytesView)
                Task { await forward(request) }
            }
            return (.ok, "application/x-protobuf", [])
        } catch {
            collector.add([], malformed: 1)
            return (.badRequest, "text/plain", Array("cannot decode the export request: \(error)\n".utf8))
        }
    }
}
