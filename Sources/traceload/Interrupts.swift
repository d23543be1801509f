import Dispatch
import Engine
import Foundation

/// Ctrl-C and SIGTERM for a command: the first stops the load (the report of what was measured
/// is still written), the second skips what is only slow (late spans, Milvus's graceful stop),
/// the third quits at once. Installed from the command's start, also when SIGINT was inherited
/// ignored (a background job of a script).
final class Interrupts {
    private let sources: [any DispatchSourceSignal]

    /// `quiet`: for commands that serve until stopped (no "stopping the load" message).
    init(_ control: RunControl, quiet: Bool = false) {
        let queue = DispatchQueue(label: "traceload.signals")
        sources = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")].map { number, name in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                switch control.interrupt(signal: name) {
                case 1:
                    if !quiet {
                        printError(
                            "\ntraceload: \(name == "SIGTERM" ? "terminated (SIGTERM)" : "interrupted (SIGINT)"); stopping the load and writing a report of what was measured (again: skip waiting for late spans and Milvus's graceful stop)"
                        )
                    }
                    // A run stuck below the stop flag must not outlive the signal for long.
                    queue.asyncAfter(deadline: .now() + 90) {
                        printError("traceload: still not stopped 90 s after \(name); quitting")
                        exit(ExitCodes.interrupted)
                    }
                case 2:
                    if !quiet { printError("traceload: \(name) again: skipping the slow parts; the report is still written (again: quit at once)") }
                default:
                    printError("traceload: quitting at once")
                    exit(ExitCodes.interrupted)
                }
            }
            source.resume()
            return source
        }
    }

    func cancel() { sources.forEach { $0.cancel() } }
}
