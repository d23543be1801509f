import GRPCWire
import MilvusProto
import NullMilvus
import Testing

/// The null Milvus answers Milvus's methods at once, with what a load generator needs to go on.
@Suite struct NullMilvusServerTests {
    @Test func answersWhatALoadGeneratorAsksAndRefusesTheRest() async throws {
        try await NullMilvusServer.serving { port in
            let connection = try GRPCConnection(GRPCTarget(host: "127.0.0.1", port: port, timeoutSeconds: 5))
            defer { connection.close() }
            let service = "/milvus.proto.milvus.MilvusService/"

            var insert = Milvus_Proto_Milvus_InsertRequest()
            insert.numRows = 512
            let inserted: Milvus_Proto_Milvus_MutationResult = try await connection.call(
                path: service + "Insert", insert)
            #expect(inserted.insertCnt == 512 && inserted.status.code == 0)

            let search: Milvus_Proto_Milvus_SearchResults = try await connection.call(
                path: service + "Search", Milvus_Proto_Milvus_SearchRequest())
            #expect(search.status.code == 0)
            let state: Milvus_Proto_Milvus_GetLoadStateResponse = try await connection.call(
                path: service + "GetLoadState",
                Milvus_Proto_Milvus_GetLoadStateRequest())
            #expect(state.state == .loaded)

            do {
                let _: Milvus_Proto_Milvus_GetQuerySegmentInfoResponse = try await connection.call(
                    path: service + "GetQuerySegmentInfo", Milvus_Proto_Milvus_GetQuerySegmentInfoRequest())
                Issue.record("GetQuerySegmentInfo was answered")
            } catch let failure as CallFailure {
                guard case .status(let code, _) = failure else {
                    Issue.record("\(failure)")
                    return
                }
                #expect(code == "unimplemented")
            }
        }
    }
}
