import Foundation
import MetricsOut
import Scenario
import Telemetry
import Workload

/// Sends a run's figures as the run goes (`--metrics-out`, to Prometheus's remote write or as
/// OTLP metrics): every second, the
/// seconds of the running phase that are complete, and the requests in flight; at a phase's
/// end, the rest of it; after its spans are collected, the traces joined. A second counts as
/// complete a moment after it ended (`grace`): each worker hands in a second with its first
/// answer of the next, so a second whose slowest worker is still waiting would be sent short.
/// Sending never holds up the run: batches are only handed to `MetricsSender`, which sends them
/// in the background; a slow or failing receiver costs samples, and the run says which.
package actor MetricsPublisher {
    let target: any MetricsDestination
    var series: RunSeries
    let observer: EngineObserver
    /// The running phase, and the first of its seconds not sent yet.
    var current: (name: String, operations: [OperationKind], live: LiveTimeline, next: Int)?
    let sender: MetricsSender
    static let grace = 1.5
    /// How long the run's end waits for batches still queued. A receiver that answers takes the
    /// last phase's few batches in well under a second; one that does not would hold the run for
    /// its retries (four attempts of 5 s each, per batch) — this long, and no longer, is what a
    /// receiver that is merely slow gets before the run gives up on it and says what was lost.
    package static let drainSeconds = 5.0

    /// nil, and the reason, when `target` is not a metrics destination traceload can write to.
    package static func check(_ target: String) -> String? {
        MetricsTarget.destination(target) == nil ? "\(MetricsTarget.expected), found '\(target)'" : nil
    }

    /// `environment`: OTLP's exporter variables (`OTEL_EXPORTER_OTLP_METRICS_HEADERS`, or
    /// `OTEL_EXPORTER_OTLP_HEADERS`) give an OTLP destination its headers.
    init?(
        target: String, authorization: String?, run: String,
        environment: [String: String] = ProcessInfo.processInfo.environment, observer: @escaping EngineObserver
    ) {
        let headers = ClientTracing.parseHeaders(
            environment["OTEL_EXPORTER_OTLP_METRICS_HEADERS"] ?? environment["OTEL_EXPORTER_OTLP_HEADERS"] ?? "")
        guard let destination = MetricsTarget.destination(target, authorization: authorization, headers: headers) else {
            return nil
        }
        self.target = destination
        series = RunSeries(run: run)
        self.observer = observer
        sender = MetricsSender(target: destination, observer: observer)
    }

    var description: String { target.url }

    func phaseStarted(_ phase: Phase, live: LiveTimeline) {
        let operations = phase.mix.filter { $0.value > 0 }.keys.sorted { $0.rawValue < $1.rawValue }
        current = (phase.name, operations, live, 0)
    }

    /// Sends what is complete of the running phase.
    func tick() async {
        guard let phase = current, phase.live.startUnixNanos > 0 else { return }
        let start = phase.live.startUnixNanos
        let elapsed = Double(Self.nowMillis() - Int64(start / 1_000_000)) / 1000
        let through = Int((elapsed - 1 - Self.grace).rounded(.down))
        var out: [WriteRequest.Series] = []
        var held: ClosedRange<Int>?
        if through >= phase.next {
            out = seconds(of: phase, through: through, endMillis: nil)
            held = phase.next...through
            current?.next = through + 1
        }
        out.append(series.inFlight(phase.live.inFlight, phase: phase.name, at: Self.nowMillis()))
        await sender.send(MetricsBatch(series: out, contents: .init(phase: phase.name, seconds: held)))
    }

    /// The phase's remaining seconds, its last one partial.
    func phaseEnded(_ result: PhaseResult) async {
        guard let phase = current, phase.name == result.phase.name else { return }
        current = nil
        // As timeline.csv has them: every whole second, and the partial last one if it holds answers.
        let recorded = phase.live.snapshot().last?.second ?? 0
        let last = max(recorded, Int(result.elapsedSeconds.rounded(.down)) - 1)
        let end = Int64(result.startUnixNanos / 1_000_000) + Int64(result.elapsedSeconds * 1000)
        var out = seconds(of: phase, through: last, endMillis: end)
        out.append(series.inFlight(0, phase: phase.name, at: max(end, Self.nowMillis())))
        let held = last >= phase.next ? phase.next...last : nil
        await sender.send(MetricsBatch(series: out, contents: .init(phase: phase.name, seconds: held)))
    }

    func joined(_ count: Int, phase: String) async {
        await sender.send(
            MetricsBatch(
                series: [series.joined(count, phase: phase, at: Self.nowMillis())],
                contents: .init(phase: phase, seconds: nil, joined: true)))
    }

    /// At the run's end: waits at most `drainSeconds` for what is still queued, then stops
    /// sending; returns what was not sent and where (nil when everything was).
    func finish() async -> String? {
        await sender.finish(within: Self.drainSeconds)
    }

    func seconds(
        of phase: (name: String, operations: [OperationKind], live: LiveTimeline, next: Int), through: Int,
        endMillis: Int64?
    ) -> [WriteRequest.Series] {
        let buckets = phase.live.snapshot().filter { $0.second >= phase.next && $0.second <= through }
        let out = series.seconds(
            buckets, from: phase.next, through: through, phase: phase.name, operations: phase.operations,
            startMillis: Int64(phase.live.startUnixNanos / 1_000_000), endMillis: endMillis)
        phase.live.forgetDetail(through: through)
        return out
    }

    static func nowMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Ticks every second until cancelled.
    nonisolated func ticking() -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                await tick()
            }
        }
    }
}
