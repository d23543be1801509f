import NullMilvus

/// `traceload null-milvus`: a Milvus API that answers at once (or after a fixed service time per
/// search), served until the control is stopped.
package enum NullMilvusService {
    package static func serve(
        host: String, port: Int, searchLatency: Duration?, failing: [String: String] = [:], control: RunControl,
        listening: @Sendable (Int) -> Void
    ) async throws {
        let server = NullMilvusServer(host: host, port: port, searchLatency: searchLatency, failing: failing)
        let serving = Task { try await server.run() }
        do {
            listening(try await server.boundPort())
        } catch {
            throw EngineError("cannot listen on \(host):\(port): \(error)")
        }
        await control.stop.wait()
        server.stop()
        _ = await serving.result
    }
}
