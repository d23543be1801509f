import Foundation
import Synchronization

/// A `traceload receive` child process and the latest span counts it printed.
final class ReceiverProcess: Sendable {
    struct Counts: Sendable, Equatable {
        var received = 0
        var dropped = 0
    }

    let process: Process
    let grpcPort: Int
    private let latest = Mutex(Counts())

    private init(process: Process, grpcPort: Int) {
        self.process = process
        self.grpcPort = grpcPort
    }

    /// Starts the receiver with this same executable and waits for its listening line.
    static func start(host: String, port: Int, forwardTo: String?) async throws -> ReceiverProcess {
        let process = Process()
        process.executableURL = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments =
            ["receive", "--host", host, "--port", String(port), "--http-port", "0", "--every", "0.25"]
            + (forwardTo.map { ["--forward-to", $0] } ?? [])
        let output = Pipe()
        process.standardOutput = output
        try process.run()

        let lines = AsyncStream<String>.makeStream()
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                lines.continuation.finish()
                return
            }
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                lines.continuation.yield(String(line))
            }
        }
        var iterator = lines.stream.makeAsyncIterator()
        guard let first = await iterator.next(), let object = Self.object(first), let grpcPort = object["grpcPort"]
        else {
            process.terminate()
            throw SessionError(message: "the span receiver (traceload receive) did not start; see its message above")
        }
        let receiver = ReceiverProcess(process: process, grpcPort: grpcPort)
        Task.detached {
            var rest = iterator
            while let line = await rest.next() {
                guard let object = Self.object(line), let received = object["received"] else { continue }
                receiver.latest.withLock { $0 = Counts(received: received, dropped: object["dropped"] ?? 0) }
            }
        }
        return receiver
    }

    static func object(_ line: String) -> [String: Int]? {
        try? JSONDecoder().decode([String: Int].self, from: Data(line.utf8))
    }

    /// The latest counts (printed every quarter of a second).
    var counts: Counts { latest.withLock { $0 } }

    /// Counts once everything sent so far has arrived: waits a moment past the child's next line.
    func settledCounts() async -> Counts {
        try? await Task.sleep(for: .milliseconds(600))
        return counts
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
