import EmbeddedMilvus
import Foundation
import GRPCWire
import MilvusClient
import Scenario
import ServerMetrics

/// A connected client, its pool sized for the scenario's workers.
struct MilvusSession {
    let client: MilvusClient
    let version: String

    static func connect(_ endpoint: MilvusEndpoint, workers: Int) async throws -> MilvusSession {
        let client = try await MilvusClient.connect(endpoint, workers: workers)
        do {
            let version = try await client.version()
            let streams =
                client.streamLimit.map { $0 >= 1 << 30 ? "no stream limit" : "\($0) streams per connection" } ?? ""
            log(
                "connected to Milvus \(version) at \(endpoint.address) (\(client.connections.count) connection\(client.connections.count == 1 ? "" : "s"), \(streams))"
            )
            return MilvusSession(client: client, version: version)
        } catch {
            client.close()
            throw error
        }
    }

    func close() async {
        client.close()
    }
}
