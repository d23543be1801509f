import Dispatch
import Foundation
import Workload

/// Ctrl-C and SIGTERM: the first asks the run to stop and write what it measured (marked
/// partial); a second Ctrl-C exits at once.
final class InterruptHandler: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private var count = 0
    private let queue = DispatchQueue(label: "traceload.signals")

    init(stop: StopSignal, onFirst: @escaping @Sendable () -> Void = {}) {
        for (number, name) in [(SIGINT, "interrupted (SIGINT)"), (SIGTERM, "terminated (SIGTERM)")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [unowned self] in
                count += 1
                if count == 1 {
                    printError(
                        "\ntraceload: \(name); stopping the load and writing a partial report (Ctrl-C again to quit at once)"
                    )
                    stop.stop(reason: name)
                    onFirst()
                    // A run stuck below the stop flag (e.g. connecting to a Milvus that never
                    // answers) must not outlive the signal for long.
                    queue.asyncAfter(deadline: .now() + 60) {
                        printError("traceload: still not stopped a minute after \(name); quitting")
                        exit(ExitCodes.interrupted)
                    }
                } else {
                    printError("traceload: quitting without a report")
                    exit(ExitCodes.interrupted)
                }
            }
            source.resume()
            sources.append(source)
        }
    }
}

/// For commands that serve until stopped: returns on the first SIGINT or SIGTERM.
func waitForTermination() async {
    let stopped = AsyncStream<Void>.makeStream()
    let sources = [SIGINT, SIGTERM].map { number in
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number)
        source.setEventHandler { stopped.continuation.finish() }
        source.resume()
        return source
    }
    for await _ in stopped.stream {}
    sources.forEach { $0.cancel() }
}
