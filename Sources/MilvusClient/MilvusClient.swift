import Foundation
import GRPCCore
import MilvusProto

/// The Milvus operations traceload needs, over one or more connections.
///
/// Setup calls (collection, index, load) use the first connection; workload calls go through
/// `connection(for:)` so that workers spread over the pool.
package final class MilvusClient: Sendable {
    package let connections: [MilvusConnection]
    /// How many calls Milvus lets one connection have in flight, when known.
    package let streamLimit: Int?
    package typealias Service = Milvus_Proto_Milvus_MilvusService

    package init(endpoint: MilvusEndpoint) throws {
        connections = try (0..<endpoint.connections).map { _ in try MilvusConnection(endpoint: endpoint) }
        streamLimit = nil
    }

    private init(connections: [MilvusConnection], streamLimit: Int) {
        self.connections = connections
        self.streamLimit = streamLimit
    }

    /// Connects, and opens as many connections as `workers` need so that none waits for an
    /// HTTP/2 stream: the server's SETTINGS_MAX_CONCURRENT_STREAMS bounds the calls in flight on
    /// one connection (grpc-go's default is unlimited; a server set to 2 refused the 3rd stream).
    package static func connect(_ endpoint: MilvusEndpoint, workers: Int) async throws(MilvusError) -> MilvusClient {
        let first = try MilvusConnection(endpoint: endpoint)
        let limit: Int
        do {
            limit = max(1, try await first.wire.streamLimit())
        } catch {
            first.close()
            throw MilvusError(error)
        }
        let count = max(endpoint.connections, (workers + limit - 1) / limit)
        var connections = [first]
        for _ in 1..<max(count, 1) { connections.append(try MilvusConnection(endpoint: endpoint)) }
        return MilvusClient(connections: connections, streamLimit: limit)
    }

    /// Calls that waited for a free stream on any connection, and their total wait.
    package var streamWaits: (calls: Int, seconds: Double) {
        connections.reduce((0, 0.0)) { sum, connection in
            let waits = connection.wire.stats.waits
            return (sum.0 + waits.calls, sum.1 + waits.seconds)
        }
    }

    package func close() {
        connections.forEach { $0.close() }
    }

    package func connection(for worker: Int) -> MilvusConnection {
        connections[worker % connections.count]
    }

    var primary: MilvusConnection { connections[0] }

    // MARK: server

    package func version() async throws(MilvusError) -> String {
        let response: Milvus_Proto_Milvus_GetVersionResponse = try await primary.call(
            Service.Method.GetVersion.descriptor, Milvus_Proto_Milvus_GetVersionRequest())
        try response.status.check()
        return response.version
    }

    // MARK: collections

    package func hasCollection(_ name: String) async throws(MilvusError) -> Bool {
        var request = Milvus_Proto_Milvus_HasCollectionRequest()
        request.collectionName = name
        let response: Milvus_Proto_Milvus_BoolResponse = try await primary.call(
            Service.Method.HasCollection.descriptor, request)
        try response.status.check()
        return response.value
    }

    package func createCollection(_ schema: CollectionSchema) async throws(MilvusError) {
        var request = Milvus_Proto_Milvus_CreateCollectionRequest()
        request.collectionName = schema.name
        request.shardsNum = Int32(schema.shards)
        request.consistencyLevel = .bounded
        do {
            request.schema = try schema.proto.serializedData()
        } catch {
            throw .transport(code: "encoding", message: "\(error)")
        }
        let status: Milvus_Proto_Common_Status = try await primary.call(
            Service.Method.CreateCollection.descriptor, request)
        try status.check()
    }

    package func describeCollection(_ name: String) async throws(MilvusError)
        -> Milvus_Proto_Milvus_DescribeCollectionResponse
    {
        var request = Milvus_Proto_Milvus_DescribeCollectionRequest()
        request.collectionName = name
        let response: Milvus_Proto_Milvus_DescribeCollectionResponse = try await primary.call(
            Service.Method.DescribeCollection.descriptor, request)
        try response.status.check()
        return response
    }

    package func dropCollection(_ name: String) async throws(MilvusError) {
        var request = Milvus_Proto_Milvus_DropCollectionRequest()
        request.collectionName = name
        let status: Milvus_Proto_Common_Status = try await primary.call(
            Service.Method.DropCollection.descriptor, request)
        try status.check()
    }

    // MARK: index and load

    package func createIndex(collection: String, field: String, type: String, metric: String, params: [String: String])
        async throws(MilvusError)
    {
        var request = Milvus_Proto_Milvus_CreateIndexRequest()
        request.collectionName = collection
        request.fieldName = field
        var extra = ["index_type": type, "metric_type": metric]
        if !params.isEmpty {
            extra["params"] = milvusParamsJSON(params)
        }
        request.extraParams = extra.sorted { $0.key < $1.key }.map { keyValue($0.key, $0.value) }
        let status: Milvus_Proto_Common_Status = try await primary.call(Service.Method.CreateIndex.descriptor, request)
        try status.check()
    }

    /// (indexed rows, total rows, state) of the collection's first index.
    package func indexProgress(collection: String) async throws(MilvusError) -> (
        indexed: Int, total: Int, state: String, failure: String
    ) {
        var request = Milvus_Proto_Milvus_DescribeIndexRequest()
        request.collectionName = collection
        let response: Milvus_Proto_Milvus_DescribeIndexResponse = try await primary.call(
            Service.Method.DescribeIndex.descriptor, request)
        try response.status.check()
        guard let index = response.indexDescriptions.first else { return (0, 0, "none", "") }
        return (Int(index.indexedRows), Int(index.totalRows), "\(index.state)", index.indexStateFailReason)
    }

    package func loadCollection(_ name: String) async throws(MilvusError) {
        var request = Milvus_Proto_Milvus_LoadCollectionRequest()
        request.collectionName = name
        request.replicaNumber = 1
        let status: Milvus_Proto_Common_Status = try await primary.call(
            Service.Method.LoadCollection.descriptor, request)
        try status.check()
    }

    /// Loading progress in percent (0…100).
    package func loadingProgress(_ name: String) async throws(MilvusError) -> Int {
        var request = Milvus_Proto_Milvus_GetLoadingProgressRequest()
        request.collectionName = name
        let response: Milvus_Proto_Milvus_GetLoadingProgressResponse = try await primary.call(
            Service.Method.GetLoadingProgress.descriptor, request)
        try response.status.check()
        return Int(response.progress)
    }

    /// The segments the query nodes serve for the collection: their state (growing segments are
    /// searched by brute force) and the index each was loaded with.
    package func querySegments(_ name: String) async throws(MilvusError) -> [Milvus_Proto_Milvus_QuerySegmentInfo] {
        var request = Milvus_Proto_Milvus_GetQuerySegmentInfoRequest()
        request.collectionName = name
        let response: Milvus_Proto_Milvus_GetQuerySegmentInfoResponse = try await primary.call(
            Service.Method.GetQuerySegmentInfo.descriptor, request)
        try response.status.check()
        return response.infos
    }

    package func flush(_ name: String) async throws(MilvusError) {
        var request = Milvus_Proto_Milvus_FlushRequest()
        request.collectionNames = [name]
        let response: Milvus_Proto_Milvus_FlushResponse = try await primary.call(
            Service.Method.Flush.descriptor, request)
        try response.status.check()
    }

    // MARK: data (the calls a workload times)

    @discardableResult
    package func insert(
        _ request: Milvus_Proto_Milvus_InsertRequest, on connection: MilvusConnection? = nil, traceparent: String? = nil
    ) async throws(MilvusError) -> Int {
        let result: Milvus_Proto_Milvus_MutationResult = try await (connection ?? primary).call(
            Service.Method.Insert.descriptor, request, traceparent: traceparent)
        try result.status.check()
        return Int(result.insertCnt)
    }

    @discardableResult
    package func search(
        _ request: Milvus_Proto_Milvus_SearchRequest, on connection: MilvusConnection? = nil, traceparent: String? = nil
    ) async throws(MilvusError) -> Milvus_Proto_Milvus_SearchResults {
        let result: Milvus_Proto_Milvus_SearchResults = try await (connection ?? primary).call(
            Service.Method.Search.descriptor, request, traceparent: traceparent)
        try result.status.check()
        return result
    }

    @discardableResult
    package func query(
        _ request: Milvus_Proto_Milvus_QueryRequest, on connection: MilvusConnection? = nil, traceparent: String? = nil
    ) async throws(MilvusError) -> Milvus_Proto_Milvus_QueryResults {
        let result: Milvus_Proto_Milvus_QueryResults = try await (connection ?? primary).call(
            Service.Method.Query.descriptor, request, traceparent: traceparent)
        try result.status.check()
        return result
    }
}

package func keyValue(_ key: String, _ value: String) -> Milvus_Proto_Common_KeyValuePair {
    var pair = Milvus_Proto_Common_KeyValuePair()
    pair.key = key
    pair.value = value
    return pair
}

/// `{"M": 16, "efConstruction": 200}`: numbers stay numbers, as Milvus expects in params.
package func milvusParamsJSON(_ params: [String: String]) -> String {
    let body = params.sorted { $0.key < $1.key }.map { key, value in
        let rendered = Double(value) != nil ? value : "\"\(value.replacingOccurrences(of: "\"", with: "\\\""))\""
        return "\"\(key)\": \(rendered)"
    }
    return "{" + body.joined(separator: ", ") + "}"
}
