import Engine
import Foundation
import Synchronization

/// Prints what the engine reports: log lines and warnings on standard error, and a live line per
/// running phase, on a terminal rewritten every second, otherwise a plain line every five (CI
/// logs stay readable). The line shows the last whole seconds' rate and latency (what Milvus
/// does now) and the phase's counts so far; it ticks half a second after each second's end, once
/// the workers have handed in that second.
final class ConsoleObserver: Sendable {
    let interactive = isatty(STDERR_FILENO) == 1
    private let ticker = Mutex<Task<Void, Never>?>(nil)

    var observer: EngineObserver {
        { [self] event in handle(event) }
    }

    func handle(_ event: EngineEvent) {
        switch event {
        case .log(let message): log(message)
        case .warning(let message): log("warning: \(message)")
        case .phaseStarted(let progress):
            let interval = interactive ? 1.0 : 5.0
            let task = Task { [self] in
                var next = 0.5 + interval
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(max(0, next - Date().timeIntervalSince(progress.started))))
                    if Task.isCancelled { break }
                    let elapsed = Date().timeIntervalSince(progress.started)
                    show(line(progress.name, progress.figures(elapsed: elapsed), elapsed: elapsed, done: false), final: false)
                    next += interval
                }
            }
            ticker.withLock { $0?.cancel(); $0 = task }
        case .phaseEnded(let progress, let figures):
            ticker.withLock { $0?.cancel(); $0 = nil }
            show(line(progress.name, figures, elapsed: figures.seconds, done: true), final: true)
        }
    }

    func line(_ phase: String, _ figures: PhaseFigures, elapsed: Double, done: Bool) -> String {
        let scope =
            done
            ? "done in \(String(format: "%.1f", elapsed)) s:"
            : String(format: "%5.1fs  last %.0fs:", elapsed, figures.seconds)
        let rate = figures.ratePerSecond.map { String(format: "%7.1f req/s", $0) } ?? "      – req/s"
        let latency =
            figures.p50Ms.map { String(format: "p50 %.2f ms  p99 %.2f ms", $0, figures.p99Ms ?? 0) }
            ?? "no successful request"
        return "[\(phase)] \(scope) \(rate)  \(latency)  requests \(figures.requests)  errors \(figures.errors)"
    }

    private func show(_ text: String, final: Bool) {
        if interactive {
            printError("\r\u{1B}[2K" + text, terminator: final ? "\n" : "")
        } else {
            printError(text)
        }
    }
}
