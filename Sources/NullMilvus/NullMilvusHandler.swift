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
            if headers.endStream { answer(id, context: context) }
        case .data(let data):
            guard requests[id] != nil else { return }
            if let update = flow.received(data, on: id, stream: &requests[id]!.window) { context.write(wrapOutboundOut(update), promise: nil) }
            if case .byteBuffer(var buffer) = data.data {
                if requests[id]!.body == nil { requests[id]!.body = buffer } else { requests[id]!.body!.writeBuffer(&buffer) }
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
        guard let response = NullAnswers.answer(path: request.path, request: request.body) else {
            let trailers: HPACKHeaders = [":status": "200", "content-type": "application/grpc", "grpc-status": "12",
                                          "grpc-message": "null Milvus does not implement \(request.path)"]
            context.write(wrapOutboundOut(HTTP2Frame(streamID: id, payload: .headers(.init(headers: trailers, endStream: true)))), promise: nil)
            return
        }
        context.write(wrapOutboundOut(HTTP2Frame(streamID: id, payload: .headers(.init(headers: Self.responseHeaders)))), promise: nil)
        context.write(wrapOutboundOut(HTTP2Frame(streamID: id, payload: .data(.init(data: .byteBuffer(response))))), promise: nil)
        context.write(wrapOutboundOut(HTTP2Frame(streamID: id, payload: .headers(.init(headers: Self.okTrailers, endStream: true)))), promise: nil)
    }
}

/// What the null Milvus answers, by method: fixed answers serialized once, and the two that
/// depend on the request (an insert's row count, the described collection's name).
enum NullAnswers {
    static let prefix = "/milvus.proto.milvus.MilvusService/"

    static let fixed: [String: ByteBuffer] = {
        typealias Status = Milvus_Proto_Common_Status
        var version = Milvus_Proto_Milvus_GetVersionResponse()
        version.version = "null-milvus"
        var progress = Milvus_Proto_Milvus_GetLoadingProgressResponse()
        progress.progress = 100
        var loadState = Milvus_Proto_Milvus_GetLoadStateResponse()
        loadState.state = .loaded
        var index = Milvus_Proto_Milvus_IndexDescription()
        index.state = .finished
        var describeIndex = Milvus_Proto_Milvus_DescribeIndexResponse()
        describeIndex.indexDescriptions = [index]
        var health = Milvus_Proto_Milvus_CheckHealthResponse()
        health.isHealthy = true
        let answers: [String: any SwiftProtobuf.Message] = [
            "CreateCollection": Status(), "DropCollection": Status(), "LoadCollection": Status(), "ReleaseCollection": Status(),
            "CreateIndex": Status(), "HasCollection": Milvus_Proto_Milvus_BoolResponse(),
            "GetCollectionStatistics": Milvus_Proto_Milvus_GetCollectionStatisticsResponse(),
            "GetLoadingProgress": progress, "GetLoadState": loadState, "DescribeIndex": describeIndex,
            "Search": Milvus_Proto_Milvus_SearchResults(), "Flush": Milvus_Proto_Milvus_FlushResponse(),
            "Query": Milvus_Proto_Milvus_QueryResults(), "GetVersion": version, "CheckHealth": health,
        ]
        return answers.mapValues { try! grpcFramed($0) }
    }()

    static func answer(path: String, request: ByteBuffer?) -> ByteBuffer? {
        guard path.hasPrefix(prefix) else { return nil }
        let method = path.dropFirst(prefix.count)
        if let fixed = fixed[String(method)] { return fixed }
        switch method {
        case "Insert":
            guard let insert: Milvus_Proto_Milvus_InsertRequest = decode(request) else { return nil }
            var response = Milvus_Proto_Milvus_MutationResult()
            response.insertCnt = Int64(insert.numRows)
            return try? grpcFramed(response)
        case "DescribeCollection":
            guard let describe: Milvus_Proto_Milvus_DescribeCollectionRequest = decode(request) else { return nil }
            var response = Milvus_Proto_Milvus_DescribeCollectionResponse()
            response.collectionName = describe.collectionName
            return try? grpcFramed(response)
        default:
            return nil
        }
    }

    static func decode<M: SwiftProtobuf.Message>(_ request: ByteBuffer?) -> M? {
        guard var request, request.readableBytes >= 5 else { return nil }
        request.moveReaderIndex(forwardBy: 5)
        return try? M(serializedBytes: Array(request.readableBytesView))
    }
}
