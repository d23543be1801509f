import ArgumentParser
import Engine
import Foundation
import Report
import Results
import Scenario

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario against Milvus and write a latency report.",
        discussion: """
            Starts the embedded Milvus when the scenario says so (the default), prepares the \
            collection, runs each phase, and writes summary.md, report.html, latency.csv, timeline.csv, \
            run.json (and with tracing components.csv, coverage.csv, spans.jsonl; with Milvus's metrics \
            stages.csv, server_timeline.csv) to reports/<scenario>-<UTC time>/ or --out. Exit codes: 0 done, \
            2 bad input, 3 the run failed (Milvus exited, not one request succeeded, or onError: stop), 4 a \
            threshold was crossed (the error-rate gate included; see junit.xml), 6 Milvus did not answer (an \
            external one: try again), 130 interrupted (the report \
            of what was measured is still written). Ctrl-C or SIGTERM stops the load; a second one skips \
            waiting for late spans and Milvus's graceful stop; a third quits at once.
            """
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @OptionGroup var set: OverrideOptions

    @Option(name: .long, help: "Directory for the report (default: reports/<scenario>-<UTC time>).")
    var out: String?

    @Option(
        name: .long,
        help: "Where the embedded Milvus keeps its data and logs (default: a temporary directory, removed afterwards).")
    var milvusDir: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Run segment I of N (e.g. 0/3): a share of every phase's workers, rate and requests; segment 0 prepares the collection.",
            discussion:
                "Default: TRACELOAD_SEGMENT=I/N, or JOB_COMPLETION_INDEX with TRACELOAD_SEGMENTS=N (a Kubernetes Indexed Job)."
        ))
    var segment: String?

    @Option(
        name: .long,
        help:
            "Start the first phase at this wall-clock time (RFC 3339, e.g. 2026-11-26T10:00:00Z), so that segments start together."
    )
    var startAt: String?

    @Option(
        name: .customLong("repeat"),
        help: "Run the measured phases this many times in one Milvus lifetime; each round's figures are kept for diff.")
    var repeats: Int = 1

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Send the run's figures every second: prometheus+remote-write://HOST:PORT/api/v1/write, or otlp+http://HOST:4318 (OTLP metrics).",
            discussion:
                "Any remote-write receiver (Prometheus with --web.enable-remote-write-receiver, Mimir, VictoriaMetrics), or any OTLP/HTTP metrics receiver (the OpenTelemetry Collector's otlp receiver; the path defaults to /v1/metrics, OTEL_EXPORTER_OTLP_METRICS_HEADERS or OTEL_EXPORTER_OTLP_HEADERS are sent); +https after the scheme for TLS. TRACELOAD_METRICS_AUTHORIZATION, if set, is sent as the Authorization header."
        ))
    var metricsOut: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Append the run's headline and findings to this file, for a CI job's summary.",
            discussion: "Default: $GITHUB_STEP_SUMMARY when set (GitHub Actions' job summary)."))
    var summaryOut: String?

    func validate() throws {
        guard (1...1000).contains(repeats) else {
            throw ValidationError("--repeat: expected a whole number from 1 to 1000, found \(repeats)")
        }
        if let metricsOut, let problem = MetricsPublisher.check(metricsOut) {
            throw ValidationError("--metrics-out: \(problem)")
        }
    }

    func run() async throws {
        var loaded = try loadScenario(scenario, overrides: set)
        let part: ExecutionSegment?
        let start: Date?
        do {
            part =
                try segment.map { text throws(ExecutionSegmentError) in
                    guard let part = ExecutionSegment(parsing: text) else {
                        throw ExecutionSegmentError("--segment \(text): expected I/N with 0 ≤ I < N, such as 0/3")
                    }
                    return part
                } ?? ExecutionSegment.fromEnvironment(ProcessInfo.processInfo.environment)
            if let part { loaded = try loaded.segmented(part) }
            start = try startAt.map { text throws(ExecutionSegmentError) in
                guard let date = parseRFC3339(text) else {
                    throw ExecutionSegmentError("--start-at \(text): expected an RFC 3339 time such as 2026-11-26T10:00:00Z")
                }
                return date
            }
        } catch {
            printError("traceload: \(error)")
            throw ExitCode(ExitCodes.badInput)
        }
        let summary = try stepSummary()
        let directory = out ?? defaultReportDirectory(for: loaded.name + (part.map { "-segment\($0.index)" } ?? ""))
        let control = RunControl()
        let interrupts = Interrupts(control)
        defer { interrupts.cancel() }
        let engine = RunEngine(
            scenario: loaded,
            options: RunOptions(
                tool: "traceload \(Traceload.version)", milvusDirectory: milvusDir, segment: part, startAt: start,
                repeats: repeats, metricsOut: metricsOut,
                metricsAuthorization: ProcessInfo.processInfo.environment["TRACELOAD_METRICS_AUTHORIZATION"]))
        switch await engine.run(control: control, observer: ConsoleObserver().observer) {
        case .failed(let error):
            throw failureExit(error)
        case .stoppedBeforeMeasuring(let reason):
            printError("traceload: \(reason) before the first phase; nothing was measured")
            throw ExitCode(ExitCodes.interrupted)
        case .measured(let output):
            let crossed = try writeReport(output, to: directory, summary: summary)
            try exit(for: output.record, crossed: crossed, report: directory, segment: part)
        }
    }

    /// `--summary-out`, else `$GITHUB_STEP_SUMMARY`, opened before the run: a path that cannot be
    /// written is bad input (exit 2), not a summary lost after the run.
    func stepSummary() throws -> StepSummary? {
        let environment = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"].flatMap { $0.isEmpty ? nil : $0 }
        guard let path = summaryOut ?? environment else { return nil }
        do {
            return try StepSummary(path: path)
        } catch {
            printError("traceload: \(summaryOut != nil ? "--summary-out" : "$GITHUB_STEP_SUMMARY"): \(error)")
            throw ExitCode(ExitCodes.badInput)
        }
    }

    /// The report of what was measured, whatever else happened.
    func writeReport(_ output: RunOutput, to directory: String, summary: StepSummary?) throws
        -> [ThresholdReport.Outcome]
    {
        do {
            return try RunReport.write(output, to: ReportWriter(directory: directory), summary: summary).filter {
                !$0.passed
            }
        } catch {
            printError("traceload: the run finished but its report could not be written: \(error)")
            throw ExitCode(ExitCodes.runFailed)
        }
    }

    /// Failed (3), interrupted (130), a threshold crossed (4), or done (0). A segment's thresholds
    /// are judged on the merge of all segments.
    func exit(for record: RunRecord, crossed: [ThresholdReport.Outcome], report: String, segment: ExecutionSegment?) throws {
        if let failure = record.failure {
            printError("traceload: the run failed: \(failure)")
            print("report: \(report)")
            throw ExitCode(ExitCodes.runFailed)
        }
        if let partial = record.partial {
            print("report (partial, \(partial)): \(report)")
            throw ExitCode(ExitCodes.interrupted)
        }
        print("report: \(report)")
        if let segment, segment.count > 1, !crossed.isEmpty {
            printError(
                "traceload: segment \(segment): \(crossed.count) threshold\(crossed.count == 1 ? "" : "s") crossed on this share alone; the merge of all \(segment.count) segments decides"
            )
        } else if !crossed.isEmpty {
            reportCrossed(crossed, junit: report + "/junit.xml")
            throw ExitCode(ExitCodes.thresholdsCrossed)
        }
    }
}

/// The scenario with `--set` overrides, or every mistake and exit 2.
func loadScenario(_ path: String, overrides: OverrideOptions) throws -> Scenario {
    do {
        return try ScenarioLoader.load(path: path, overrides: overrides.overrides)
    } catch let error as ScenarioError {
        printError(error.description)
        printError("\(path): \(error.issues.count) mistake\(error.issues.count == 1 ? "" : "s"); nothing was run")
        throw ExitCode(ExitCodes.badInput)
    }
}

/// `2026-11-26T10:00:00Z`, with or without fractional seconds, any offset.
func parseRFC3339(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: text)
}

func defaultReportDirectory(for name: String) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
    return "reports/\(name)-\(formatter.string(from: Date()))"
}

func reportCrossed(_ crossed: [ThresholdReport.Outcome], junit: String) {
    printError("traceload: \(crossed.count) threshold\(crossed.count == 1 ? "" : "s") crossed (JUnit: \(junit)):")
    for outcome in crossed {
        printError(
            "  \(outcome.key) \(outcome.condition): actual \(outcome.actual.map { String(format: "%.3f", $0) } ?? "no data") (\(outcome.note))"
        )
    }
}
