import EmbeddedMilvus
import Foundation
import Synchronization

/// A `traceload receive` child process and the latest counts it printed. A comparison receives
/// spans in a process of its own, so that receiving them does not count as the load generator's CPU.
final class ReceiverProcess: Sendable {
    let process: Process
    let grpcPort: Int
    let httpPort: Int
    private let questions: FileHandle
    private let latest: Mutex<ReceiverLine>
    /// Answers to questions about spans started in a stretch, by the stretch asked about.
    private let answers: Mutex<[String: Int]>

    private init(process: Process, grpcPort: Int, httpPort: Int, questions: FileHandle) {
        self.process = process
        self.grpcPort = grpcPort
        self.httpPort = httpPort
        self.questions = questions
        latest = Mutex(ReceiverLine())
        answers = Mutex([:])
    }

    /// Starts `executable receive` and waits for its listening line.
    static func start(executable: String, host: String, port: Int, httpPort: Int, forwardTo: String?) async throws
        -> ReceiverProcess
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            ["receive", "--host", host, "--port", String(port), "--http-port", String(httpPort), "--every", "0.25", "--answer"]
            + (forwardTo.map { ["--forward-to", $0] } ?? [])
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.runWithSignalsUnblocked()
        let first = Mutex<ReceiverLine?>(nil)
        let box = Mutex<ReceiverProcess?>(nil)
        let ended = Atomic<Bool>(false)
        output.fileHandleForReading.readLines({ text in
            guard let line = ReceiverLine(json: text) else { return }
            if line.grpcPort != nil {
                first.withLock { $0 = line }
            } else if let receiver = box.withLock({ $0 }) {
                if let from = line.startedFrom, let to = line.startedTo, let started = line.started {
                    receiver.answers.withLock { $0["\(from)-\(to)"] = started }
                } else {
                    receiver.latest.withLock { $0 = line }
                }
            }
        }, ended: { ended.store(true, ordering: .relaxed) })
        while first.withLock({ $0 }) == nil && !ended.load(ordering: .relaxed) {
            try await Task.sleep(for: .milliseconds(20))
        }
        guard let grpcPort = first.withLock({ $0?.grpcPort }), let httpPort = first.withLock({ $0?.httpPort }) else {
            process.terminate()
            throw EngineError("the span receiver (traceload receive) did not start; see its message above")
        }
        let receiver = ReceiverProcess(
            process: process, grpcPort: grpcPort, httpPort: httpPort, questions: input.fileHandleForWriting)
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

    /// The spans received so far that started between `from` and `to` (Unix nanoseconds); nil
    /// if the receiver does not answer within five seconds.
    func spansStarted(from: UInt64, to: UInt64) async -> Int? {
        let key = "\(from)-\(to)"
        answers.withLock { _ = $0.removeValue(forKey: key) }
        let question = ReceiverLine(startedFrom: from, startedTo: to).json + "\n"
        do { try questions.write(contentsOf: Data(question.utf8)) } catch { return nil }
        for _ in 0..<250 {
            if let answer = answers.withLock({ $0.removeValue(forKey: key) }) { return answer }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
