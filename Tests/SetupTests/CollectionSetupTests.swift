import MilvusClient
import NullMilvus
import Scenario
import Setup
import Synchronization
import Testing
import Workload

/// The set-up's steps against the null Milvus (a real gRPC server that answers every step at once).
@Suite struct CollectionSetupTests {
    @Test func createsPreloadsIndexesAndLoadsInTurn() async throws {
        try await NullMilvusServer.serving { port in
            let client = try await MilvusClient.connect(
                MilvusEndpoint(host: "127.0.0.1", port: port, requestTimeoutSeconds: 5), workers: 1)
            defer { client.close() }
            let scenario = try ScenarioLoader.decode(
                yaml: """
                    collection: { name: books, dim: 8, index: { type: FLAT } }
                    dataset: { preload: 2500, preloadBatch: 1000 }
                    phases: [{ requests: 1, mix: search }]
                    """, file: "setup.yaml")
            let lines = Mutex<[String]>([])
            try await CollectionSetup(
                client: client, scenario: scenario, log: { line in lines.withLock { $0.append(line) } }
            )
            .prepare(stop: StopSignal())
            let log = lines.withLock { $0 }
            #expect(log.first == "creating collection books (dim 8, L2, FLAT)", "\(log)")
            #expect(log.contains { $0.hasPrefix("preloaded 2500 rows in ") }, "\(log)")
            #expect(log.last == "collection books is indexed and loaded", "\(log)")
        }
    }
}
