import ArgumentParser
import Engine
import Foundation
import Scenario

/// `traceload milvus`: the embedded Milvus on its own, for other clients (the end-to-end
/// benchmark's pymilvus client, a quick experiment), with the ports and etcd set-up `run` uses.
struct MilvusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "milvus",
        abstract: "Start the embedded Milvus 2.3.5 and keep it running until Ctrl-C.",
        discussion: """
            Prints {"uri":"http://127.0.0.1:PORT","metrics":"http://127.0.0.1:WEB/metrics"} once healthy. \
            Tracing: --trace-endpoint HOST:PORT exports Milvus's spans over OTLP/gRPC (otherwise the noop exporter).
            """
    )

    @Option(help: "Directory for Milvus's data and logs (default: a temporary one, removed afterwards).") var dir:
        String?
    @Option(help: "The Python environment with milvus==2.3.5.") var venv = ".venv"
    @Option(help: "The gRPC port (default: a free one). Fixed, a restarted Milvus is found where it was.") var port:
        Int?
    @Option(help: "OTLP/gRPC HOST:PORT to export Milvus's spans to.") var traceEndpoint: String?
    @Option(help: "Milvus's trace.sampleFraction.") var traceFraction = 0.0

    func validate() throws {
        if let traceEndpoint, parseHostPort(traceEndpoint) == nil {
            throw ValidationError("--trace-endpoint: expected HOST:PORT, found '\(traceEndpoint)'")
        }
        guard (0...1).contains(traceFraction) else {
            throw ValidationError("--trace-fraction: expected a fraction from 0 to 1")
        }
    }

    func run() async throws {
        let control = RunControl()
        let interrupts = Interrupts(control, quiet: true)
        defer { interrupts.cancel() }
        do {
            try await EmbeddedService.serve(
                venv: venv, directory: dir, port: port, traceEndpoint: traceEndpoint, traceFraction: traceFraction,
                control: control, observer: ConsoleObserver().observer
            ) { uri, metrics in printLine(#"{"uri":"\#(uri)","metrics":"\#(metrics)"}"#) }
        } catch {
            printError("traceload: \(error)")
            throw ExitCode(ExitCodes.runFailed)
        }
    }
}
