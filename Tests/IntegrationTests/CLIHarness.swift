import Foundation
import Testing

/// Runs the built `traceload` binary as a user would and captures what it prints.
struct CLIHarness {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `traceload` built with these tests, beside their executable: `make test` builds
    /// everything once, optimised and testable, in a folder of its own (`.build/test`), and the
    /// tests must drive that binary, never a stale one of another build.
    static var binary: String {
        get throws {
            let tests = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
            let path = tests.deletingLastPathComponent().appendingPathComponent("traceload").path
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw HarnessError(message: "no traceload beside the tests at \(path); run `swift build --build-tests`")
            }
            return path
        }
    }

    /// The optimised build, for tests that measure rates a debug build cannot reach on 2 cores:
    /// the binary beside the tests when they were built optimised (`make test`), else `make release`'s.
    static var releaseBinary: String {
        get throws {
            #if DEBUG
            let path = packageRoot.appendingPathComponent(".build/release/traceload").path
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw HarnessError(
                    message: "no release build at \(path); run `swift build -c release` (or `make test`)")
            }
            return path
            #else
            return try binary
            #endif
        }
    }

    static var venv: String { packageRoot.appendingPathComponent(".venv").path }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], in directory: String? = nil, timeoutSeconds: Double = 600) throws -> Result {
        try execute(try binary, arguments, in: directory, timeoutSeconds: timeoutSeconds)
    }

    /// Any program (a Python client), run to completion in `directory` (default: the package root);
    /// `environment`, when given, is all the environment it gets.
    static func execute(
        _ executable: String, _ arguments: [String], in directory: String? = nil, timeoutSeconds: Double = 600,
        environment: [String: String]? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.currentDirectoryURL = directory.map { URL(fileURLWithPath: $0) } ?? packageRoot
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        // A pipe that closes when this process dies: the Python helpers exit then (helper_lifetime.py).
        let input = Pipe()
        process.standardInput = input
        try process.run()
        HelperReaper.shared.started(process)
        defer { HelperReaper.shared.stopped(process) }
        // Read both pipes while it runs so a chatty process never blocks on a full pipe.
        let outData = LockedData()
        let errData = LockedData()
        let group = DispatchGroup()
        for (pipe, sink) in [(out, outData), (err, errData)] {
            group.enter()
            DispatchQueue.global().async {
                sink.set(pipe.fileHandleForReading.readDataToEndOfFile())
                group.leave()
            }
        }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning && Date() < deadline { usleep(100_000) }
        if process.isRunning {
            // Stopped, not left running: Ctrl-C first (a run still writes its report), then killed.
            process.interrupt()
            let interrupted = Date()
            while process.isRunning && Date().timeIntervalSince(interrupted) < 10 { usleep(100_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            throw HarnessError(
                message:
                    "\(URL(fileURLWithPath: executable).lastPathComponent) \(arguments.joined(separator: " ")) did not finish within \(Int(timeoutSeconds)) s"
            )
        }
        group.wait()
        return Result(status: process.terminationStatus, stdout: outData.string, stderr: errData.string)
    }

    /// Writes a scenario file into `dir` and returns its path.
    static func writeScenario(in dir: String, _ yaml: String) throws -> String {
        let path = dir + "/it.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func temporaryDirectory(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "traceload-it-\(name)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

final class LockedData: @unchecked Sendable {
    private var data = Data()
    private let lock = NSLock()
    func set(_ value: Data) { lock.withLock { data = value } }
    var string: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}

struct HarnessError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Reads a CSV file written by traceload into rows of named cells.
func readCSV(_ path: String) throws -> [[String: String]] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let lines = text.split(separator: "\n").map {
        $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    guard let header = lines.first else { return [] }
    return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
}

/// A traceload (or a helper: `binary`) started in the background, its stderr going to a file the
/// test can watch. It is stopped when the test lets go of it, passed or failed (or by `stop()`
/// earlier), and by `HelperReaper` if the test process dies first.
final class BackgroundRun {
    let process: Process
    let log: String
    let output: String
    /// Held open while the process runs: a Python helper exits when it closes (helper_lifetime.py).
    private let input = Pipe()

    /// `environment`: added to this process's own.
    init(
        _ arguments: [String], in directory: String, name: String = "traceload", environment: [String: String] = [:],
        binary: String? = nil
    ) throws {
        log = directory + "/\(name).stderr"
        output = directory + "/\(name).stdout"
        FileManager.default.createFile(atPath: log, contents: nil)
        FileManager.default.createFile(atPath: output, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: try binary ?? CLIHarness.binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
        process.currentDirectoryURL = CLIHarness.packageRoot
        process.standardError = FileHandle(forWritingAtPath: log)
        process.standardOutput = FileHandle(forWritingAtPath: output)
        process.standardInput = input
        try process.run()
        HelperReaper.shared.started(process)
    }

    deinit { stop() }

    /// Stops it unless it ended: SIGTERM (traceload writes what it measured and stops what it
    /// started), SIGKILL after `graceSeconds`; returns once it exited. Safe to call again.
    func stop(graceSeconds: Double = 10) {
        if process.isRunning {
            process.terminate()
            let signalled = Date()
            while process.isRunning && Date().timeIntervalSince(signalled) < graceSeconds { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        HelperReaper.shared.stopped(process)
    }

    /// `traceload milvus` in the background, once it printed its URI; stop it with `interrupt()`
    /// and `waitForExit`.
    static func embeddedMilvus(in directory: String) throws -> (milvus: BackgroundRun, uri: String?) {
        let milvus = try BackgroundRun(
            ["milvus", "--venv", CLIHarness.venv, "--dir", directory + "/milvus"], in: directory, name: "milvus")
        guard milvus.waitFor("\"uri\"", inStdout: true) else { return (milvus, nil) }
        let info = try? JSONSerialization.jsonObject(with: Data(milvus.stdout.utf8)) as? [String: String]
        return (milvus, info?["uri"])
    }

    var stderr: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
    var stdout: String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }

    /// Waits until stderr contains `text` (or the process ended, or `timeoutSeconds` passed).
    @discardableResult
    func waitFor(_ text: String, inStdout: Bool = false, timeoutSeconds: Double = 240) -> Bool {
        let started = Date()
        while Date().timeIntervalSince(started) < timeoutSeconds && process.isRunning {
            if (inStdout ? stdout : stderr).contains(text) { return true }
            usleep(200_000)
        }
        return (inStdout ? stdout : stderr).contains(text)
    }

    /// The embedded Milvus's process id, from the "(pid N," traceload logs once it is up.
    var milvusPID: pid_t? {
        guard let range = stderr.range(of: "(pid ") else { return nil }
        return pid_t(stderr[range.upperBound...].prefix { $0.isNumber })
    }

    /// Waits for the exit; kills it after `timeoutSeconds`.
    func waitForExit(timeoutSeconds: Double = 180) -> Int32 {
        let started = Date()
        while process.isRunning && Date().timeIntervalSince(started) < timeoutSeconds { usleep(100_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        HelperReaper.shared.stopped(process)
        return process.terminationStatus
    }
}
