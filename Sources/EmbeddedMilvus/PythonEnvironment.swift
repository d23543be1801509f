import Foundation

/// Finds the Python environment that holds `milvus==2.3.5`, so that an installed `traceload` works
/// from any folder, not only from its checkout.
public enum PythonEnvironment {
    /// `venv` itself when it has a Python or is absolute; otherwise the first of: the same relative
    /// path under `$TRACELOAD_HOME`, and under each folder above the running binary (a binary built
    /// in a checkout, `.build/release/traceload`, finds the checkout's `.venv`). When none has a
    /// Python, `venv` unchanged (the error then names it).
    public static func locate(_ venv: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: String? = CommandLine.arguments.first) -> String {
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
        return candidates.first(where: hasPython) ?? venv
    }

    static func hasPython(_ venv: String) -> Bool {
        FileManager.default.isExecutableFile(atPath: venv + "/bin/python")
    }
}
