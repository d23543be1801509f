import Foundation

/// Finds (and installs) the Python environment that holds `milvus==2.3.5`, so that an installed
/// `traceload` works from any folder, not only from its checkout.
package enum PythonEnvironment {
    /// What the embedded Milvus needs: the last PyPI release with the embedded server.
    package static let milvusPackage = "milvus==2.3.5"

    /// `venv` itself when it has a Python or is absolute; otherwise the first of: the same relative
    /// path under `$TRACELOAD_HOME`, under each folder above the running binary (a binary built in
    /// a checkout, `.build/release/traceload`, finds the checkout's `.venv`), and the per-user
    /// environment `traceload setup` installs (`userEnvironment`). When none has a Python, `venv`
    /// unchanged (the error then names it).
    package static func locate(
        _ venv: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: String? = CommandLine.arguments.first
    ) -> String {
        guard !venv.hasPrefix("/"), !hasPython(venv) else { return venv }
        var candidates: [String] = []
        if let home = environment["TRACELOAD_HOME"], !home.isEmpty { candidates.append(home + "/" + venv) }
        if let executable {
            var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
            while folder.path != "/" && !folder.path.isEmpty {
                candidates.append(folder.appendingPathComponent(venv).path)
                folder = folder.deletingLastPathComponent()
            }
        }
        if let user = userEnvironment(environment: environment) { candidates.append(user) }
        return candidates.first(where: hasPython) ?? venv
    }

    /// `$XDG_DATA_HOME/traceload/venv`, else `~/.local/share/traceload/venv` (the XDG default);
    /// nil without a home directory.
    package static func userEnvironment(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") { return data + "/traceload/venv" }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return home + "/.local/share/traceload/venv"
    }

    static func hasPython(_ venv: String) -> Bool {
        FileManager.default.isExecutableFile(atPath: venv + "/bin/python")
    }

    /// Creates a virtual environment at `directory` with `python` (unless one is there) and
    /// installs `packages` into it with pip, showing pip's own output on standard error.
    package static func install(at directory: String, python: String = "python3", packages: [String] = [milvusPackage])
        throws
    {
        if !hasPython(directory) {
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: directory).deletingLastPathComponent().path,
                withIntermediateDirectories: true)
            try run(python, ["-m", "venv", directory], what: "creating the Python environment \(directory)")
        }
        try run(
            directory + "/bin/python", ["-m", "pip", "install", "--disable-pip-version-check", "-q"] + packages,
            what: "installing \(packages.joined(separator: " ")) into \(directory)")
    }

    static func run(_ command: String, _ arguments: [String], what: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [command] + arguments
        process.standardOutput = FileHandle.standardError
        do {
            try process.runWithSignalsUnblocked()
        } catch {
            throw PythonEnvironmentError(message: "\(what): cannot start \(command): \(error)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PythonEnvironmentError(message: "\(what): \(command) exited with status \(process.terminationStatus)")
        }
    }
}

package struct PythonEnvironmentError: Error, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
