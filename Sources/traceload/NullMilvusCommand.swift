import ArgumentParser
import Foundation
import NullMilvus

/// `traceload null-milvus`: a Milvus that answers every request at once, to measure the load
/// generator's own ceiling (point a scenario at it with `milvus: {uri: http://127.0.0.1:PORT}`).
struct NullMilvusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "null-milvus",
        abstract: "Serve a Milvus gRPC API that does no work (for measuring traceload's own ceiling)."
    )

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port (0 picks a free one; the chosen port is printed).") var port = 19530

    func run() async throws {
        let server = NullMilvusServer(host: host, port: port)
        let serving = Task { try await server.run() }
        do {
            printLine(#"{"port":\#(try await server.boundPort())}"#)
        } catch {
            printError("traceload null-milvus: cannot listen on \(host):\(port): \(error)")
            throw ExitCode(ExitCodes.runFailed)
        }
        await waitForTermination()
        server.stop()
        _ = await serving.result
    }
}
