import ArgumentParser
import Foundation
import Report
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
            2 bad input, 3 the run failed, 4 a threshold was crossed (see junit.xml), 130 interrupted (a \
            partial report is still written). Ctrl-C or SIGTERM stops the load and writes the report; a \
            second one quits at once. traceload handles both even when started with SIGINT ignored (a \
            background job of a script).
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

    func run() async throws {
        var loaded: Scenario
        do {
            loaded = try ScenarioLoader.load(path: scenario, overrides: try set.overrides)
        } catch let error as ScenarioError {
            printError(error.description)
            printError(
                "\(scenario): \(error.issues.count) mistake\(error.issues.count == 1 ? "" : "s"); nothing was run")
            throw ExitCode(ExitCodes.badInput)
        }
        let part: Segment?
        let start: Date?
        do {
            part =
                try segment.map { text throws(SegmentError) in
                    guard let part = Segment(parsing: text) else {
                        throw SegmentError("--segment \(text): expected I/N with 0 ≤ I < N, such as 0/3")
                    }
                    return part
                } ?? Segment.fromEnvironment(ProcessInfo.processInfo.environment)
            if let part { loaded = try loaded.segmented(part) }
            start = try startAt.map { text throws(SegmentError) in
                guard let date = parseRFC3339(text) else {
                    throw SegmentError("--start-at \(text): expected an RFC 3339 time such as 2026-11-26T10:00:00Z")
                }
                return date
            }
        } catch {
            printError("traceload: \(error)")
            throw ExitCode(ExitCodes.badInput)
        }
        let directory = out ?? defaultReportDirectory(for: loaded.name + (part.map { "-segment\($0.index)" } ?? ""))
        let session = RunSession(
            scenario: loaded, reportDirectory: directory, milvusDirectory: milvusDir, segment: part, startAt: start)
        let outcome = await session.execute()
        switch outcome {
        case .completed(let path, let crossed):
            print("report: \(path)")
            if let part, part.count > 1, !crossed.isEmpty {
                // A segment carries a share of the load: thresholds judge the merged run (traceload merge).
                printError(
                    "traceload: segment \(part): \(crossed.count) threshold\(crossed.count == 1 ? "" : "s") crossed on this share alone; the merge of all \(part.count) segments decides"
                )
            } else if !crossed.isEmpty {
                reportCrossed(crossed, junit: path + "/junit.xml")
                throw ExitCode(ExitCodes.thresholdsCrossed)
            }
        case .partial(let path, let reason):
            print("report (partial, \(reason)): \(path)")
            throw ExitCode(ExitCodes.interrupted)
        case .failed(let message, let path):
            printError("traceload: \(message)")
            if let path { print("report (partial): \(path)") }
            throw ExitCode(ExitCodes.runFailed)
        }
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
