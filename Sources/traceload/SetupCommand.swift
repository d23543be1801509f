import ArgumentParser
import Engine
import Foundation

/// `traceload setup`: installs the embedded Milvus where an installed `traceload` finds it from
/// any folder (a per-user data directory), so that scenarios with `milvus: embedded` run anywhere.
struct SetupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Install the embedded Milvus 2.3.5 (PyPI milvus==2.3.5) into a per-user Python environment.",
        discussion: """
            The environment goes to $XDG_DATA_HOME/traceload/venv (default ~/.local/share/traceload/venv) \
            unless --venv names another place. traceload looks for the embedded Milvus in the scenario's \
            `milvus.venv` (default .venv) in the working folder, under $TRACELOAD_HOME, beside its own \
            checkout, and then here. Needs python3 with the venv module and access to PyPI.
            """
    )

    @Option(help: "Where to create the environment (default: the per-user data directory).") var venv: String?
    @Option(help: "The Python to create it with.") var python = "python3"

    func run() throws {
        guard let directory = venv ?? EmbeddedService.userEnvironment else {
            printError("traceload: no home directory to install into; give --venv DIR")
            throw ExitCode(ExitCodes.badInput)
        }
        log("installing \(EmbeddedService.milvusPackage) into \(directory)")
        do {
            try EmbeddedService.install(at: directory, python: python)
        } catch {
            printError("traceload: \(error)")
            throw ExitCode(ExitCodes.runFailed)
        }
        print("embedded Milvus installed: \(directory)")
    }
}
