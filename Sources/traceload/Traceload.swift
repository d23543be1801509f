import ArgumentParser
import Foundation
import Scenario

@main
struct Traceload: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "traceload",
        abstract: "Load-test Milvus and show where the time goes.",
        discussion: """
            traceload drives insert and search workloads against Milvus from a scenario file, traces a \
            sample of the requests end to end with OpenTelemetry, and writes latency reports per \
            operation and per Milvus component.
            """,
        version: version,
        subcommands: [
            RunCommand.self, CompareCommand.self, ValidateCommand.self, AnalyzeCommand.self, ReportCommand.self,
            MergeCommand.self, DiffCommand.self, ReceiveCommand.self, NullMilvusCommand.self, MilvusCommand.self,
            SetupCommand.self,
        ]
    )

    /// ArgumentParser's own main, except that a malformed command line (a missing argument, an
    /// unknown option) exits with 2 like every other bad input, not with 64.
    static func main() async {
        // A misspelt command gets a suggestion, not only the usage.
        let arguments = CommandLine.arguments.dropFirst()
        if let first = arguments.first, !first.hasPrefix("-") {
            let names = configuration.subcommands.map { $0._commandName } + ["help"]
            if !names.contains(first) {
                FileHandle.standardError.write(
                    Data(
                        "traceload: unknown command '\(first)'\(suggestion(for: first, among: names)); the commands are \(names.joined(separator: ", "))\n"
                            .utf8))
                Foundation.exit(ExitCodes.badInput)
            }
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitCodes.badInput)
            }
            exit(withError: error)
        }
    }
}
