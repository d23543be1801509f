import Analysis
import Dispatch
import Foundation
import Report
import Results
import Traces

/// SIGINT and SIGTERM as a sequence: each `next` returns at the next signal (or after `seconds`).
final class SignalStream: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private nonisolated(unsafe) let sources: [DispatchSourceSignal]

    init() {
        (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(4))
        let continuation = continuation
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { continuation.yield() }
            source.resume()
            return source
        }
    }

    func next(orAfter seconds: Double?) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [stream] in
                for await _ in stream { return }
            }
            if let seconds { group.addTask { try? await Task.sleep(for: .seconds(seconds)) } }
            await group.next()
            group.cancelAll()
        }
    }

    func finish() {
        sources.forEach { $0.cancel() }
        continuation.finish()
    }
}
