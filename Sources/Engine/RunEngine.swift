import Analysis
import EmbeddedMilvus
import Foundation
import Results
import Scenario
import ServerMetrics
import Setup
import Traces
import Workload

/// One run of a scenario: reach Milvus (start the embedded one or connect to one), set up the
/// trace session, prepare the collection, run the phases with their stop and error rules while
/// Milvus's metrics are read and the sampled requests' spans collected, and return what was
/// measured as a `RunRecord`. Whatever happens after the first phase started, the measured part
/// comes back; the caller renders it.
package struct RunEngine: Sendable {
    package let scenario: Scenario
    package let options: RunOptions

    package init(scenario: Scenario, options: RunOptions) {
        self.scenario = scenario
        self.options = options
    }

    package func run(control: RunControl, observer: @escaping EngineObserver) async -> RunEnd {
        var run = RunState(started: Date())
        var server: MilvusServer?
        var failure: EngineError?

        do {
            MilvusServer.removeLeftovers(observer: observer)
            server = try await MilvusServer.start(
                scenario,
                options: .init(
                    directory: options.milvusDirectory, keepsData: options.milvusDirectory != nil,
                    restartAfterCrash: !scenario.stopOnError),
                control: control, observer: observer)
            run.traceSource = server!.traces?.description ?? ""
            run.milvusEnvironment = server!.embedded?.environmentPath
            run.version = server!.session.version
            try await server!.prepare(segment: options.segment, control: control, observer: observer)
            if let startAt = options.startAt { await Self.waitUntil(startAt, stop: control.stop, observer: observer) }
            try await runPhases(&run, server: server!, control: control, observer: observer)
        } catch {
            failure = EngineError(error)
        }

        let target = server?.target ?? MilvusAccess.targetDescription(scenario, embedded: nil)
        let streamNote = server?.session.streamNote
        // Stopped before anything was measured (a Ctrl-C during set-up): nothing to stop gently for.
        let stopped = await server?.stop(
            now: control.isHurried || (control.stop.isStopped && run.phases.isEmpty), failed: failure != nil,
            observer: observer)
        run.receiver = stopped?.receiver
        let crashes = stopped?.crashes ?? []
        if case .serverExited = control.stop.reason, failure != nil { failure = nil }

        guard !run.phases.isEmpty else {
            if let reason = control.stop.reason, reason.isInterruption {
                return .stoppedBeforeMeasuring(reason.description)
            }
            let logs = server?.embedded.map { " (Milvus logs: \($0.logDirectory))" } ?? ""
            if let failure { return .failed(failure.adding(logs)) }
            let why = crashes.first ?? control.stop.reason?.description ?? "no phase ran"
            return .failed(EngineError(why + logs, cause: crashes.isEmpty ? .failed : .milvusExited))
        }
        var record = makeRecord(
            run, target: target, failure: failure?.message, crashes: crashes, stop: control.stop.reason)
        if let streamNote { record.notes.append(streamNote) }
        return .measured(
            RunOutput(record: record, spans: run.spans, milvusLogTail: stopped?.logTail, answers: run.answers))
    }

    /// Sleeps until `date` (the log says how long); a time already past starts at once, with a warning.
    static func waitUntil(_ date: Date, stop: StopSignal, observer: EngineObserver) async {
        let wait = date.timeIntervalSinceNow
        let formatted = ISO8601DateFormatter().string(from: date)
        guard wait > 0 else {
            if wait < -1 { observer(.warning("--start-at \(formatted) passed \(Int(-wait)) s ago; starting now")) }
            return
        }
        observer(.log("starting the first phase at \(formatted) (in \(String(format: "%.1f", wait)) s)"))
        while Date() < date && !stop.isStopped {
            try? await Task.sleep(for: .milliseconds(min(200, max(1, Int(date.timeIntervalSinceNow * 1000)))))
        }
    }
}

/// What a run accumulates as it goes.
struct RunState {
    var started: Date
    var version = "unknown"
    var milvusEnvironment: String?
    var phases: [PhaseRecord] = []
    var rounds: [RoundRecord] = []
    var breakdowns: [OperationBreakdown] = []
    var spans: [Span] = []
    var answers: [AnswerRecord] = []
    var traceWarnings: [String] = []
    var metricsSource: String?
    var client: ClientExport?
    var clientService = ""
    var traceSource = ""
    var traceEvidence: TraceEvidence?
    var receiver: ReceiverCounts?
    var clientCPUSeconds = 0.0
}
