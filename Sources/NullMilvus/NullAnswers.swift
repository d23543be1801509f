import Foundation
import GRPCWire
import MilvusProto
import NIOCore
import NIOHPACK
import NIOHTTP2
import SwiftProtobuf

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
            "CreateCollection": Status(), "DropCollection": Status(), "LoadCollection": Status(),
            "ReleaseCollection": Status(),
            "CreateIndex": Status(), "HasCollection": Milvus_Proto_Milvus_BoolResponse(),
            "GetCollectionStatistics": Milvus_Proto_Milvus_GetCollectionStatisticsResponse(),
            "GetLoadingProgress": progress, "GetLoadState": loadState, "DescribeIndex": describeIndex,
            "Search": Milvus_Proto_Milvus_SearchResults(), "Flush": Milvus_Proto_Milvus_FlushResponse(),
            "Query": Milvus_Proto_Milvus_QueryResults(), "GetVersion": version, "CheckHealth": health,
        ]
        return answers.mapValues { try! grpcFramed($0) }
    }()

    /// A Milvus error status (code 1100, "invalid parameter") with `reason`, in the answer `method` returns.
    static func failure(_ method: String, reason: String) -> ByteBuffer? {
        var status = Milvus_Proto_Common_Status()
        status.code = 1100
        status.errorCode = .illegalArgument
        status.reason = reason
        switch method {
        case "Search":
            var results = Milvus_Proto_Milvus_SearchResults()
            results.status = status
            return try? grpcFramed(results)
        case "Query":
            var results = Milvus_Proto_Milvus_QueryResults()
            results.status = status
            return try? grpcFramed(results)
        case "Insert":
            var result = Milvus_Proto_Milvus_MutationResult()
            result.status = status
            return try? grpcFramed(result)
        default:
            return try? grpcFramed(status)
        }
    }

    static func answer(path: String, request: ByteBuffer?, failures: [String: ByteBuffer] = [:]) -> ByteBuffer? {
        guard path.hasPrefix(prefix) else { return nil }
        let method = path.dropFirst(prefix.count)
        if let failure = failures[String(method)] { return failure }
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
