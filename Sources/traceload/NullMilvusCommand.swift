import ArgumentParser
import Engine
import Foundation
import Scenario

/// `traceload null-milvus`: a Milvus that answers every request at once (or after a fixed service
/// time per search), to measure the load generator's own ceiling or give a comparison a known
/// effect to find (point a scenario at it with `milvus: {uri: http://127.0.0.1:PORT}`).
struct NullMilvusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "null-milvus",
        abstract: "Serve a Milvus gRPC API that does no work (for measuring traceload's own ceiling).",
        discussion: "Prints {\"port\":P} once listening."
    )

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port (0 picks a free one; the chosen port is printed).") var port = 19530
    @Option(
        help: "Answer each search after this long (e.g. 2ms): a known service time.",
        transform: OptionParsers.duration("--search-latency", example: "2ms"))
    var searchLatency: Double?
    @Option(help: "Answer every search with a Milvus error with this reason (what a run of failing requests looks like).")
    var failSearches: String?

    func run() async throws {
        let control = RunControl()
        let interrupts = Interrupts(control, quiet: true)
        defer { interrupts.cancel() }
        let latency = searchLatency.map { Duration.nanoseconds(Int64(($0 * 1e9).rounded())) }
        do {
            try await NullMilvusService.serve(
                host: host, port: port, searchLatency: latency, failing: failSearches.map { ["Search": $0] } ?? [:],
                control: control
            ) {
                printLine(#"{"port":\#($0)}"#)
            }
        } catch {
            printError("traceload null-milvus: \(error)")
            throw ExitCode(ExitCodes.runFailed)
        }
    }
}
