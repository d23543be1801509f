import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import MilvusProto

/// A Milvus that does no work: every RPC traceload calls succeeds at once with an empty answer.
/// It shows the ceiling of the load generator itself (requests per second on this machine) and
/// serves the micro-benchmarks as an in-process peer.
public final class NullMilvusServer: Sendable {
    let server: GRPCServer<HTTP2ServerTransport.Posix>

    /// PEM files for serving over TLS; with `clientCA`, clients must present a certificate it signed.
    public struct TLSFiles: Sendable {
        public var certificate: String
        public var key: String
        public var clientCA: String?
        public init(certificate: String, key: String, clientCA: String? = nil) {
            self.certificate = certificate
            self.key = key
            self.clientCA = clientCA
        }
    }

    public init(host: String = "127.0.0.1", port: Int, tls: TLSFiles? = nil) {
        let security: HTTP2ServerTransport.Posix.TransportSecurity = switch tls {
        case nil: .plaintext
        case let files? where files.clientCA != nil:
            .mTLS(certificateChain: [.file(path: files.certificate, format: .pem)], privateKey: .file(path: files.key, format: .pem)) {
                $0.trustRoots = .certificates([.file(path: files.clientCA!, format: .pem)])
            }
        case let files?: .tls(certificateChain: [.file(path: files.certificate, format: .pem)], privateKey: .file(path: files.key, format: .pem))
        }
        let transport = HTTP2ServerTransport.Posix(address: .ipv4(host: host, port: port), transportSecurity: security)
        server = GRPCServer(transport: transport, services: [NullMilvusService()])
    }

    /// Serves until `stop()`.
    public func run() async throws { try await server.serve() }

    public func boundPort() async throws -> Int {
        guard let port = try await server.listeningAddress?.ipv4?.port else { throw RPCError(code: .unavailable, message: "not listening") }
        return port
    }

    public func stop() { server.beginGracefulShutdown() }
}

struct NullMilvusService: Milvus_Proto_Milvus_MilvusService.SimpleServiceProtocol {
    typealias Status = Milvus_Proto_Common_Status

    func createCollection(request: Milvus_Proto_Milvus_CreateCollectionRequest, context: ServerContext) async throws -> Status { Status() }
    func dropCollection(request: Milvus_Proto_Milvus_DropCollectionRequest, context: ServerContext) async throws -> Status { Status() }
    func hasCollection(request: Milvus_Proto_Milvus_HasCollectionRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_BoolResponse {
        Milvus_Proto_Milvus_BoolResponse()
    }
    func loadCollection(request: Milvus_Proto_Milvus_LoadCollectionRequest, context: ServerContext) async throws -> Status { Status() }
    func releaseCollection(request: Milvus_Proto_Milvus_ReleaseCollectionRequest, context: ServerContext) async throws -> Status { Status() }
    func describeCollection(request: Milvus_Proto_Milvus_DescribeCollectionRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_DescribeCollectionResponse {
        var response = Milvus_Proto_Milvus_DescribeCollectionResponse()
        response.collectionName = request.collectionName
        return response
    }
    func getCollectionStatistics(request: Milvus_Proto_Milvus_GetCollectionStatisticsRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_GetCollectionStatisticsResponse {
        Milvus_Proto_Milvus_GetCollectionStatisticsResponse()
    }
    func getLoadingProgress(request: Milvus_Proto_Milvus_GetLoadingProgressRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_GetLoadingProgressResponse {
        var response = Milvus_Proto_Milvus_GetLoadingProgressResponse()
        response.progress = 100
        return response
    }
    func getLoadState(request: Milvus_Proto_Milvus_GetLoadStateRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_GetLoadStateResponse {
        var response = Milvus_Proto_Milvus_GetLoadStateResponse()
        response.state = .loaded
        return response
    }
    func createIndex(request: Milvus_Proto_Milvus_CreateIndexRequest, context: ServerContext) async throws -> Status { Status() }
    func describeIndex(request: Milvus_Proto_Milvus_DescribeIndexRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_DescribeIndexResponse {
        var index = Milvus_Proto_Milvus_IndexDescription()
        index.state = .finished
        var response = Milvus_Proto_Milvus_DescribeIndexResponse()
        response.indexDescriptions = [index]
        return response
    }
    func insert(request: Milvus_Proto_Milvus_InsertRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_MutationResult {
        var response = Milvus_Proto_Milvus_MutationResult()
        response.insertCnt = Int64(request.numRows)
        return response
    }
    func search(request: Milvus_Proto_Milvus_SearchRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_SearchResults {
        Milvus_Proto_Milvus_SearchResults()
    }
    func flush(request: Milvus_Proto_Milvus_FlushRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_FlushResponse {
        Milvus_Proto_Milvus_FlushResponse()
    }
    func query(request: Milvus_Proto_Milvus_QueryRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_QueryResults {
        Milvus_Proto_Milvus_QueryResults()
    }
    func getVersion(request: Milvus_Proto_Milvus_GetVersionRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_GetVersionResponse {
        var response = Milvus_Proto_Milvus_GetVersionResponse()
        response.version = "null-milvus"
        return response
    }
    func checkHealth(request: Milvus_Proto_Milvus_CheckHealthRequest, context: ServerContext) async throws -> Milvus_Proto_Milvus_CheckHealthResponse {
        var response = Milvus_Proto_Milvus_CheckHealthResponse()
        response.isHealthy = true
        return response
    }
}
