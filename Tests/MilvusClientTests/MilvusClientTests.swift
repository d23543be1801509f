import MilvusProto
import NullMilvus
import Testing

@testable import MilvusClient

/// The client's calls against the null Milvus (a real HTTP/2 gRPC server in this process).
@Suite struct MilvusClientTests {
    func withNullMilvus(_ body: (MilvusClient) async throws -> Void) async throws {
        try await NullMilvusServer.serving { port in
            let endpoint = MilvusEndpoint(host: "127.0.0.1", port: port, requestTimeoutSeconds: 5)
            let client = try await MilvusClient.connect(endpoint, workers: 4)
            defer { client.close() }
            try await body(client)
        }
    }

    @Test func callsReachTheServerAndTheirAnswersAreRead() async throws {
        try await withNullMilvus { client in
            #expect(try await client.version() == "null-milvus")
            var insert = Milvus_Proto_Milvus_InsertRequest()
            insert.collectionName = "c"
            insert.numRows = 37
            #expect(try await client.insert(insert, on: client.connection(for: 3), traceparent: nil) == 37)
            let described = try await client.describeCollection("books")
            #expect(described.collectionName == "books")
            #expect(try await client.loadingProgress("books") == 100)
        }
    }

    @Test func aMethodTheServerDoesNotServeIsATransportErrorCountedByItsCode() async throws {
        try await withNullMilvus { client in
            do {
                _ = try await client.querySegments("c")
                Issue.record("the null Milvus does not serve GetQuerySegmentInfo")
            } catch let error as MilvusError {
                #expect(error.kind == "unimplemented", "\(error)")
            }
        }
    }

    @Test func aFailureStatusBecomesAServerErrorWithItsCode() {
        var status = Milvus_Proto_Common_Status()
        status.code = 100
        status.reason = "collection not found"
        #expect(throws: MilvusError.self) { try status.check() }
        do {
            try status.check()
        } catch {
            #expect(error.kind == "server:100" && error.description.contains("collection not found"))
        }
        var old = Milvus_Proto_Common_Status()
        old.errorCode = .unexpectedError
        #expect(throws: MilvusError.self) { try old.check() }
        #expect(throws: Never.self) { try Milvus_Proto_Common_Status().check() }
    }

    @Test func indexParametersAreSentAsMilvusExpectsThem() {
        #expect(
            milvusParamsJSON(["M": "16", "efConstruction": "200", "metric": "L2"])
                == "{\"M\": 16, \"efConstruction\": 200, \"metric\": \"L2\"}")
        let pair = keyValue("metric_type", "L2")
        #expect(pair.key == "metric_type" && pair.value == "L2")
    }
}
