import ArgumentParser
import Engine
import Foundation
import Scenario

/// The OTLP receiver on its own: counts the spans it gets (and forwards them when asked). A
/// comparison runs it as a separate process so that receiving Milvus's spans does not count as
/// the load generator's CPU; it is also a quick way to see what a Milvus exports.
struct ReceiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "Run an OTLP receiver and print span counts as JSON lines.",
        discussion: """
            Prints {"grpcPort":P,"httpPort":Q} once listening, then {"dropped":D,"malformed":M,"received":N} \
            every --every seconds and once more on SIGINT/SIGTERM before exiting. With --answer, a line \
            {"startedFrom":F,"startedTo":T} on standard input (Unix nanoseconds) is answered with the same \
            and "started":N, the spans received so far that started between F and T.
            """
    )

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "OTLP/gRPC port (0 picks a free one).") var port = 4317
    @Option(help: "OTLP/HTTP port (0 picks a free one).") var httpPort = 4318
    @Option(help: "Forward every export to this OTLP/gRPC HOST:PORT as well.") var forwardTo: String?
    @Option(help: "Seconds between count lines.") var every = 1.0
    @Flag(help: "Answer questions read from standard input (see above).") var answer = false

    func validate() throws {
        if let forwardTo, parseHostPort(forwardTo) == nil {
            throw ValidationError("--forward-to: expected HOST:PORT, found '\(forwardTo)'")
        }
        guard every > 0 else { throw ValidationError("--every: expected a positive number of seconds") }
    }

    func run() async throws {
        let control = RunControl()
        let interrupts = Interrupts(control, quiet: true)
        defer { interrupts.cancel() }
        do {
            try await ReceiverService.serve(
                host: host, port: port, httpPort: httpPort, forwardTo: forwardTo, every: every, control: control,
                questions: answer ? FileHandle.standardInput : nil
            ) { line in printLine(line.json) }
        } catch {
            printError("traceload receive: \(error)")
            throw ExitCode(ExitCodes.runFailed)
        }
    }
}

/// Writes a line to standard output at once (stdout is a pipe when a parent reads it).
func printLine(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
