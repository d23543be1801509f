import Foundation
import Synchronization

/// A `traceload receive` child process and the latest counts it printed. A comparison receives
/// spans in a process of its own, so that receiving them does not count as the load generator's CPU.
final class ReceiverProcess: Sendable {
    let process: Process
    let grpcPort: Int
    private let latest = Mutex(ReceiverLine())

    private init(process: Process, grpcPort: Int) {
        self.process = process
        self.grpcPort = grpcPort
    }

    /// Starts `executable receive` and waits for its listening line.
    static func start(executable: String, host: String, port: Int, forwardTo: String?) async throws -> ReceiverProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            ["receive", "--host", host, "--port", String(port), "--http-port", "0", "--every", "0.25"]
            + (forwardTo.map { ["--forward-to", $0] } ?? [])
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let first = Mutex<ReceiverLine?>(nil)
        let box = Mutex<ReceiverProcess?>(nil)
        let ended = Atomic<Bool>(false)
        let handle = output.fileHandleForReading
        Thread.detachNewThread {
            var buffer = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = ReceiverLine(json: String(decoding: buffer[..<newline], as: UTF8.self))
                    buffer.removeSubrange(...newline)
                    guard let line else { continue }
                    if line.grpcPort != nil {
                        first.withLock { $0 = line }
                    } else if let receiver = box.withLock({ $0 }) {
                        receiver.latest.withLock { $0 = line }
                    }
                }
            }
            ended.store(true, ordering: .relaxed)
        }
        while first.withLock({ $0 }) == nil && !ended.load(ordering: .relaxed) {
            try await Task.sleep(for: .milliseconds(20))
        }
        guard let grpcPort = first.withLock({ $0?.grpcPort }) else {
            process.terminate()
            throw EngineError("the span receiver (traceload receive) did not start; see its message above")
        }
        let receiver = ReceiverProcess(process: process, grpcPort: grpcPort)
        box.withLock { $0 = receiver }
        return receiver
    }

    /// Spans received and dropped so far (printed every quarter of a second; read once a
    /// moment has passed, so that what was sent before has arrived and been counted).
    func settledCounts() async -> (received: Int, dropped: Int) {
        try? await Task.sleep(for: .milliseconds(600))
        let line = latest.withLock { $0 }
        return (line.received ?? 0, line.dropped ?? 0)
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
