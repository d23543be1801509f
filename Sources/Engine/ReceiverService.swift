import EmbeddedMilvus
import Foundation
import Scenario
import Traces

/// `traceload receive`: an OTLP receiver on its own that counts what it gets (and forwards it
/// when asked), until the control is stopped. Its lines are `ReceiverLine`s; so are the
/// questions it answers, read from `questions` (its standard input) as they come.
package enum ReceiverService {
    package static func serve(
        host: String, port: Int, httpPort: Int, forwardTo: String?, every: Double, control: RunControl,
        questions: FileHandle? = nil, line: @escaping @Sendable (ReceiverLine) -> Void
    ) async throws {
        let collector = SpanCollector(tallyStarts: true)
        let receiver = try OTLPReceiver(
            collector: collector, host: host, port: port, forwardTo: forwardTo.flatMap(parseHostPort))
        let serving = Task { try await receiver.run() }
        let http: OTLPHTTPReceiver
        do {
            let grpcPort = try await receiver.boundPort()
            http = try OTLPHTTPReceiver(
                collector: collector, host: host, port: httpPort,
                forward: receiver.httpForward)
            line(ReceiverLine(grpcPort: grpcPort, httpPort: http.port))
        } catch {
            receiver.stop()
            throw EngineError("cannot listen on \(host):\(port)/\(httpPort): \(error)")
        }
        let counts = { @Sendable in
            let counts = collector.counts
            return ReceiverLine(received: counts.received, dropped: counts.dropped, malformed: counts.malformed)
        }
        if let questions {
            questions.readLines { text in
                guard var answer = ReceiverLine(json: text), let from = answer.startedFrom, let to = answer.startedTo
                else { return }
                answer.started = collector.spansStarted(from: from, to: to)
                line(answer)
            }
        }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(every))
                line(counts())
            }
        }
        await control.stop.wait()
        ticker.cancel()
        http.stop()
        receiver.stop()
        _ = await serving.result
        line(counts())
    }
}
