import Foundation
import Workload

/// The live progress line: on a terminal one line rewritten every second; otherwise a plain
/// line every five seconds (CI logs stay readable).
struct ProgressPrinter: Sendable {
    let phase: String
    let live: LiveTimeline
    let interactive = isatty(STDERR_FILENO) == 1

    func run(start: Date) async {
        let interval: Duration = interactive ? .seconds(1) : .seconds(5)
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if Task.isCancelled { break }
            print(line(elapsed: Date().timeIntervalSince(start)), final: false)
        }
    }

    func finish(elapsed: Double) {
        print(line(elapsed: elapsed), final: true)
    }

    func line(elapsed: Double) -> String {
        let buckets = live.snapshot()
        var merged = Latency.histogram(digits: .two)
        var requests = 0, errors = 0
        for bucket in buckets {
            merged.add(bucket.histogram)
            requests += bucket.requests
            errors += bucket.errors
        }
        let summary = LatencySummary(merged)
        let rate = elapsed > 0 ? Double(requests - errors) / elapsed : 0
        return String(format: "[%@] %5.1fs  %7.1f req/s  p50 %.2f ms  p99 %.2f ms  requests %d  errors %d",
                      phase, elapsed, rate, summary.p50, summary.p99, requests, errors)
    }

    private func print(_ text: String, final: Bool) {
        if interactive {
            printError("\r\u{1B}[2K" + text, terminator: final ? "\n" : "")
        } else {
            printError(text)
        }
    }
}

func printError(_ text: String, terminator: String) {
    FileHandle.standardError.write(Data((text + terminator).utf8))
}
