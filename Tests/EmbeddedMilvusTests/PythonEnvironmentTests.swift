import Foundation
import Testing

@testable import EmbeddedMilvus

/// Where an installed traceload finds the embedded Milvus's Python, whatever the working folder.
@Suite struct PythonEnvironmentTests {
    /// A folder with `relative/bin/python` (an executable file) in it.
    func fakeEnvironment(_ relative: String) throws -> String {
        let root = NSTemporaryDirectory() + "traceload-python-\(UUID().uuidString)"
        let bin = root + "/" + relative + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        FileManager.default.createFile(
            atPath: bin + "/python", contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755])
        return root
    }

    @Test func theHomeTheCheckoutAndThePerUserDirectoryAreTriedInTurn() throws {
        // A name the working folder does not hold (the checkout running the tests has a .venv).
        let venv = ".venv-\(UUID().uuidString)"
        let home = try fakeEnvironment(venv)
        let checkout = try fakeEnvironment(venv)
        let data = try fakeEnvironment("traceload/venv")
        defer { for dir in [home, checkout, data] { try? FileManager.default.removeItem(atPath: dir) } }
        let binary = checkout + "/.build/release/traceload"
        let missing = ".venv-\(UUID().uuidString)"

        #expect(
            PythonEnvironment.locate(venv, environment: ["TRACELOAD_HOME": home], executable: binary) == home + "/"
                + venv)
        #expect(PythonEnvironment.locate(venv, environment: [:], executable: binary) == checkout + "/" + venv)
        #expect(
            PythonEnvironment.locate(venv, environment: ["XDG_DATA_HOME": data], executable: "/usr/local/bin/traceload")
                == data + "/traceload/venv")
        // Nothing anywhere: the name as given, so that the error names it.
        #expect(PythonEnvironment.locate(missing, environment: [:], executable: "/usr/local/bin/traceload") == missing)
        #expect(
            PythonEnvironment.locate("/opt/milvus-venv", environment: ["TRACELOAD_HOME": home], executable: binary)
                == "/opt/milvus-venv")
    }

    @Test func thePerUserDirectoryFollowsXDG() {
        #expect(
            PythonEnvironment.userEnvironment(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/u"])
                == "/data/traceload/venv")
        #expect(
            PythonEnvironment.userEnvironment(environment: ["HOME": "/home/u"]) == "/home/u/.local/share/traceload/venv"
        )
        #expect(
            PythonEnvironment.userEnvironment(environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/u"])
                == "/home/u/.local/share/traceload/venv")
        #expect(PythonEnvironment.userEnvironment(environment: [:]) == nil)
    }

    /// A real `python3 -m venv` and pip install, of a local wheel so that no network is needed.
    @Test func installCreatesTheEnvironmentAndInstallsIntoIt() throws {
        let root = NSTemporaryDirectory() + "traceload-install-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let wheel = root + "/traceload_probe-1.0-py3-none-any.whl"
        try PythonEnvironment.run("python3", ["-c", Self.makeWheel, wheel], what: "making a wheel")
        let venv = root + "/data/traceload/venv"
        try PythonEnvironment.install(at: venv, packages: ["--no-index", wheel])
        #expect(PythonEnvironment.hasPython(venv))
        let site = try FileManager.default.subpathsOfDirectory(atPath: venv + "/lib")
        #expect(
            site.contains { $0.hasSuffix("traceload_probe/__init__.py") }, "\(site.filter { $0.contains("probe") })")
        #expect(throws: PythonEnvironmentError.self) {
            try PythonEnvironment.install(at: venv, packages: ["--no-index", root + "/absent.whl"])
        }
    }

    /// The smallest wheel pip installs: a module, METADATA, WHEEL and a RECORD with hashes.
    static let makeWheel = """
        import base64, hashlib, sys, zipfile
        files = {"traceload_probe/__init__.py": b"",
                 "traceload_probe-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\\nName: traceload-probe\\nVersion: 1.0\\n",
                 "traceload_probe-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"}
        def digest(data): return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record = "".join(f"{name},{digest(data)},{len(data)}\\n" for name, data in files.items()) + "traceload_probe-1.0.dist-info/RECORD,,\\n"
        with zipfile.ZipFile(sys.argv[1], "w") as wheel:
            for name, data in files.items(): wheel.writestr(name, data)
            wheel.writestr("traceload_probe-1.0.dist-info/RECORD", record)
        """
}
