import ArgumentParser
import Engine
import Foundation
import Report
import Results
import Scenario

struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Show where the Milvus time goes: in another client's traces, or a finished run again.",
        discussion: """
            Without RUN_DIR: the client spans of --client-service found in --traces become the requests \
            (operation = the gRPC method), each joined to the Milvus spans of its trace. --traces is an OTLP \
            JSON file (Collector file-exporter lines or one document), a Jaeger JSON file (the query API's \
            answer, or Jaeger UI's "Download JSON"), or a Jaeger query URL; with Jaeger, give --since/--until \
            (a trace search) or --trace-id. Writes components.csv, coverage.csv, summary.md and analysis.json.

            With RUN_DIR: the run's sampled requests (from its run.json) are correlated again with --traces \
            (a Jaeger URL or an OTLP JSON file; by default the run's own spans.jsonl) and all its report files \
            are rewritten — for spans that arrived late or were collected elsewhere.

            With --listen [HOST:]PORT: traceload is the tracing backend. It receives OTLP/gRPC on PORT and \
            OTLP/HTTP on --http-port (default PORT+1) from the application's exporter and Milvus's, shows a \
            live line every --every seconds, and on Ctrl-C (or after --for) waits for late spans, then writes \
            the same report as --traces plus spans.jsonl.
            """
    )

    @Argument(help: "A finished run's directory (or its run.json) to correlate again.")
    var runPath: String?

    @Option(name: .long, help: "OTLP JSON lines file, or a Jaeger query URL such as http://localhost:16686 (with RUN_DIR: default its spans.jsonl).")
    var traces: String?

    @Option(
        name: .long,
        help: "Receive the traffic's spans over OTLP on [HOST:]PORT (gRPC; HTTP on --http-port) until Ctrl-C or --for.")
    var listen: String?

    @Option(name: .long, help: "With --listen: the OTLP/HTTP port (default: the gRPC port + 1; 0 picks a free one).")
    var httpPort: Int?

    @Option(
        name: .customLong("for"), help: "With --listen: stop after this long (e.g. 90s, 10m) instead of at Ctrl-C.",
        transform: OptionParsers.duration("--for", example: "90s or 10m"))
    var listenFor: Double?

    @Option(
        name: .long, help: "With --listen: also forward every OTLP/gRPC export to this HOST:PORT (to keep your Jaeger)."
    )
    var forwardTo: String?

    @Option(name: .long, help: "With --listen: seconds between live lines.")
    var every: Double = 5

    @Option(
        name: .long,
        help:
            "With --listen: the most spans kept in memory (about 200 bytes each); traces beyond are counted as dropped."
    )
    var maxSpans: Int = 2_000_000

    @Option(
        name: .long,
        help:
            "The service name of the client's spans (default: the service whose client spans call Milvus; without any, Milvus's own root spans are the requests)."
    )
    var clientService: String?

    @Option(
        name: .long,
        help: "Jaeger search window start (ISO 8601, e.g. 2026-11-24T10:00:00Z, or seconds ago such as 15m).")
    var since: String?

    @Option(name: .long, help: "Jaeger search window end (ISO 8601 or an age such as 0s; default: now).")
    var until: String?

    @Option(name: .long, help: "Fetch this trace from Jaeger (repeatable) instead of searching.")
    var traceId: [String] = []

    @Option(name: .long, help: "Authorization header for Jaeger or Tempo (default: $JAEGER_AUTH, else $TEMPO_AUTH).")
    var jaegerAuth: String?

    @Option(name: .long, help: "Tempo's tenant (X-Scope-OrgID) for a multi-tenant Tempo.")
    var tenant: String?

    @Option(name: .long, help: "Output directory (default: RUN_DIR itself, or reports/analyze-<source>-<UTC time>).")
    var out: String?

    var jaegerAuthorization: String? {
        jaegerAuth ?? ProcessInfo.processInfo.environment["JAEGER_AUTH"] ?? ProcessInfo.processInfo.environment["TEMPO_AUTH"]
    }

    func validate() throws {
        if traces != nil && listen != nil { throw ValidationError("--traces and --listen exclude each other") }
        if traces == nil && listen == nil && runPath == nil {
            throw ValidationError("give --traces FILE_OR_JAEGER_URL, or --listen [HOST:]PORT to receive the spans")
        }
        if listen != nil {
            if runPath != nil {
                throw ValidationError("--listen analyses live traffic; a finished run is analysed again with --traces")
            }
            if listenAddress == nil {
                throw ValidationError(
                    "--listen: expected [HOST:]PORT such as 4317 or 0.0.0.0:4317, found '\(listen ?? "")'")
            }
            if let forwardTo, parseHostPort(forwardTo) == nil {
                throw ValidationError("--forward-to: expected HOST:PORT, found '\(forwardTo)'")
            }
            if every <= 0 { throw ValidationError("--every: expected a positive number of seconds") }
            if maxSpans < 1 { throw ValidationError("--max-spans: expected a positive number") }
        }
    }

    /// `--listen`'s host and port: `4317`, `:4317` or `HOST:4317`.
    var listenAddress: (host: String, port: Int)? {
        guard let listen else { return nil }
        if let port = Int(listen.hasPrefix(":") ? String(listen.dropFirst()) : listen), (0...65535).contains(port) {
            return ("127.0.0.1", port)
        }
        return parseHostPort(listen)
    }

    func run() async throws {
        do {
            if let runPath {
                try await reanalyse(runPath)
            } else if listen != nil {
                try await listenForTraffic()
            } else {
                try await analyseTraffic()
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            throw failureExit(error)
        }
    }

    /// Another client's traffic, received as it happens, until Ctrl-C or `--for`.
    func listenForTraffic() async throws {
        guard let address = listenAddress else { return }
        let capture = TrafficCapture(
            host: address.host, grpcPort: address.port,
            httpPort: httpPort ?? (address.port == 0 ? 0 : address.port + 1), forwardTo: forwardTo, every: every,
            maxSpans: maxSpans, clientService: clientService)
        let control = RunControl()
        let interrupts = Interrupts(control, quiet: true)
        defer { interrupts.cancel() }
        if let seconds = listenFor {
            Task {
                try? await Task.sleep(for: .seconds(seconds))
                control.interrupt(signal: "--for")
            }
        }
        printError(
            "traceload: point the application's and Milvus's OTLP exporters here; "
                + (listenFor.map { "listening for \(fixed($0, 0)) s (Ctrl-C ends it sooner)" } ?? "Ctrl-C ends the capture and writes the report"))
        let captured: TrafficCapture.Capture
        do {
            captured = try await capture.capture(control: control, observer: ConsoleObserver().observer) { grpc, http in
                // Parsable by scripts and tests, like `traceload receive`.
                printLine(ReceiverLine(grpcPort: grpc, httpPort: http).json)
            }
        } catch {
            printError("traceload: \(error)")
            throw ExitCode(ExitCodes.runFailed)
        }
        let counts = captured.counts
        let preface = TrafficReport.listenPreface(
            endpoints: captured.endpoints, seconds: captured.seconds, received: counts.received,
            dropped: counts.dropped, malformed: counts.malformed, maxSpans: maxSpans, traces: captured.traces,
            lateTraces: captured.lateTraces)
        guard !captured.spans.isEmpty else {
            printError(
                "traceload: no spans arrived on \(captured.endpoints); were the exporters pointed here (OTEL_EXPORTER_OTLP_ENDPOINT, Milvus's trace.otlp.endpoint)?"
            )
            throw ExitCode(ExitCodes.runFailed)
        }
        let result = try TrafficAnalysis.analyse(
            captured.spans, clientService: clientService, source: "the spans received",
            label: "OTLP received on \(captured.endpoints)", problems: [])
        try write(result, stem: "listen", keeping: captured, preface: preface)
    }

    /// Another client's traffic, from a file or a Jaeger.
    func analyseTraffic() async throws {
        guard let traces else { return }
        let result: TrafficAnalysis.Result
        let source = TrafficAnalysis.Source(traces)
        if source.isStore {
            if traceId.isEmpty && since == nil {
                throw ValidationError("with a Jaeger or Tempo URL, give --since (and --until) or --trace-id")
            }
            result = try await TrafficAnalysis.store(
                traces, authorization: jaegerAuthorization, tenant: tenant, clientService: clientService, ids: traceId,
                since: try since.map(parseTime), until: try until.map(parseTime))
        } else {
            result = try TrafficAnalysis.file(traces, clientService: clientService)
        }
        if !result.problems.isEmpty {
            printError("traceload: \(result.problems.count) problems reading \(traces), e.g. \(result.problems[0])")
        }
        try write(result, stem: source.name, keeping: nil, preface: "")
    }

    /// `capture`: received spans to keep beside the report (spans.jsonl), if any.
    func write(_ result: TrafficAnalysis.Result, stem: String, keeping capture: TrafficCapture.Capture?, preface: String)
        throws
    {
        let tracing = result.tracing
        let writer = try ReportWriter(directory: out ?? defaultReportDirectory(for: "analyze-\(stem)"))
        let about = TrafficReport.preface(
            spans: result.spanCount, label: tracing.source,
            clientService: tracing.clientService.isEmpty ? nil : tracing.clientService, clientSpans: result.clientSpans,
            foreignSpans: result.foreignSpans, problems: result.problems)
        try TrafficReport.write(
            tracing, spans: capture?.spans ?? [], keepSpans: capture != nil, title: stem, preface: preface + about,
            to: writer)
        printCoverage(tracing)
        print("report: \(writer.directory)")
    }

    /// A finished run, correlated again: with --traces, or its own spans.jsonl.
    func reanalyse(_ path: String) async throws {
        let record = try loadRun(path)
        guard !record.clientRequests.isEmpty else {
            printError("traceload: \(path) has no sampled requests to correlate (was it traced?)")
            throw ExitCode(ExitCodes.badInput)
        }
        let source = traces ?? runDirectory(of: path) + "/spans.jsonl"
        guard traces != nil || FileManager.default.fileExists(atPath: source) else {
            printError("traceload: \(path) holds no spans.jsonl; give --traces FILE_OR_JAEGER_URL")
            throw ExitCode(ExitCodes.badInput)
        }
        let again = try await TrafficAnalysis.reanalyse(
            record, traces: source, authorization: jaegerAuthorization, tenant: tenant)
        let directory = out ?? runDirectory(of: path)
        try RunReport.write(again, to: ReportWriter(directory: directory))
        if let tracing = again.tracing { printCoverage(tracing) }
        print("report: \(directory)")
    }

    func printCoverage(_ tracing: TracingRecord) {
        for b in tracing.breakdowns {
            let prefix = b.phase == "traffic" ? b.operation : "\(b.phase)/\(b.operation)"
            print(
                "\(prefix): \(b.coverage.joined) of \(b.coverage.sampled) requests joined"
                    + (b.coverage.diagnosis.map { " — \($0)" } ?? ""))
        }
    }

    /// ISO 8601, or an age such as 15m (that long ago).
    func parseTime(_ text: String) throws -> Date {
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        if let seconds = parseDuration(text) { return Date().addingTimeInterval(-seconds) }
        throw ValidationError("'\(text)' is neither an ISO 8601 time (2026-11-24T10:00:00Z) nor an age (15m, 2h)")
    }
}
