import Foundation
import Testing

/// Runs the built `traceload` binary as a user would and captures what it prints.
struct CLIHarness {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: String {
        get throws {
            for configuration in ["debug", "release"] {
                let path = packageRoot.appendingPathComponent(".build/\(configuration)/traceload").path
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
            throw HarnessError(message: "no built traceload under \(packageRoot.path)/.build; run `swift build` first")
        }
    }

    static var venv: String { packageRoot.appendingPathComponent(".venv").path }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], timeoutSeconds: Double = 600) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary)
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while it runs so a chatty process never blocks on a full pipe.
        let outData = LockedData(), errData = LockedData()
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
            process.interrupt()
            throw HarnessError(message: "traceload \(arguments.joined(separator: " ")) did not finish within \(Int(timeoutSeconds)) s")
        }
        group.wait()
        return Result(status: process.terminationStatus, stdout: outData.string, stderr: errData.string)
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
    let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    guard let header = lines.first else { return [] }
    return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
}
