import Foundation
import Workload

/// The live progress line: on a terminal one line rewritten every second; otherwise a plain
/// line every five seconds (CI logs stay readable). Rate and percentiles cover the last five whole
/// seconds (what Milvus does now); the counts, the phase so far. The phase ends with a "done" line
/// over the whole phase.
struct ProgressPrinter: Sendable {
    let phase: String
    let live: LiveTimeline
    let interactive = isatty(STDERR_FILENO) == 1
    static let window = 5

    func run(start: Date) async {
        let interval: Duration = interactive ? .seconds(1) : .seconds(5)
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if Task.isCancelled { break }
            print(line(elapsed: Date().timeIntervalSince(start)), final: false)
        }
    }

    func finish(elapsed: Double) {
        print(line(elapsed: elapsed, done: true), final: true)
    }

    func line(elapsed: Double, done: Bool = false) -> String {
        let buckets = live.snapshot()
        // The last `window` whole seconds (the current second is still filling), or the whole phase when done.
        let current = Int(elapsed)
        let windowed = done ? buckets : buckets.filter { $0.second >= current - Self.window && $0.second < current }
        let seconds = done ? max(elapsed, 1e-9) : Double(max(1, min(Self.window, current)))
        var merged = Latency.histogram(digits: .two)
        var windowRequests = 0
        var requests = 0
        var errors = 0
        for bucket in windowed {
            merged.add(bucket.histogram)
            windowRequests += bucket.requests - bucket.errors
        }
        for bucket in buckets {
            requests += bucket.requests
            errors += bucket.errors
        }
        let summary = LatencySummary(merged)
        let scope =
            done
            ? "done in \(String(format: "%.1f", elapsed)) s:"
            : String(format: "%5.1fs  last %ds:", elapsed, min(Self.window, max(current, 1)))
        let latency =
            summary.count == 0
            ? "no successful request" : String(format: "p50 %.2f ms  p99 %.2f ms", summary.p50, summary.p99)
        return String(
            format: "[%@] %@ %7.1f req/s  %@  requests %d  errors %d",
            phase, scope, Double(windowRequests) / seconds, latency, requests, errors)
    }

    private func print(_ text: String, final: Bool) {
        if interactive {
            printError("\r\u{1B}[2K" + text, terminator: final ? "\n" : "")
        } else {
            printError(text)
        }
    }
}
