import Analysis
import ArgumentParser
import Foundation
import Report
import Results
import Scenario
import TraceContext
import Traces

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
            (a Jaeger URL or an OTLP JSON file, e.g. the run's own spans.jsonl) and all its report files are \
            rewritten — for spans that arrived late or were collected elsewhere.

            With --listen [HOST:]PORT: traceload is the tracing backend. It receives OTLP/gRPC on PORT and \
            OTLP/HTTP on --http-port (default PORT+1) from the application's exporter and Milvus's, shows a \
            live line every --every seconds, and on Ctrl-C (or after --for) waits for late spans, then writes \
            the same report as --traces plus spans.jsonl.
            """
    )

    @Argument(help: "A finished run's directory (or its run.json) to correlate again.")
    var runPath: String?

    @Option(name: .long, help: "OTLP JSON lines file, or a Jaeger query URL such as http://localhost:16686.")
    var traces: String?

    @Option(
        name: .long,
        help: "Receive the traffic's spans over OTLP on [HOST:]PORT (gRPC; HTTP on --http-port) until Ctrl-C or --for.")
    var listen: String?

    @Option(name: .long, help: "With --listen: the OTLP/HTTP port (default: the gRPC port + 1; 0 picks a free one).")
    var httpPort: Int?

    @Option(name: .customLong("for"), help: "With --listen: stop after this long (e.g. 90s, 10m) instead of at Ctrl-C.")
    var listenFor: String?

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

    @Option(name: .long, help: "Authorization header for Jaeger (default: $JAEGER_AUTH).")
    var jaegerAuth: String?

    @Option(name: .long, help: "Output directory (default: RUN_DIR itself, or reports/analyze-<source>-<UTC time>).")
    var out: String?

    var isJaeger: Bool { traces.map { $0.hasPrefix("http://") || $0.hasPrefix("https://") } ?? false }

    var jaeger: JaegerSource {
        JaegerSource(
            baseURL: traces ?? "", authorization: jaegerAuth ?? ProcessInfo.processInfo.environment["JAEGER_AUTH"])
    }

    func validate() throws {
        switch (traces, listen) {
        case (nil, nil):
            throw ValidationError("give --traces FILE_OR_JAEGER_URL, or --listen [HOST:]PORT to receive the spans")
        case (_?, _?): throw ValidationError("--traces and --listen exclude each other")
        default: break
        }
        if listen != nil {
            if runPath != nil {
                throw ValidationError("--listen analyses live traffic; a finished run is analysed again with --traces")
            }
            if listenAddress == nil {
                throw ValidationError(
                    "--listen: expected [HOST:]PORT such as 4317 or 0.0.0.0:4317, found '\(listen ?? "")'")
            }
            if let listenFor, parseAge(listenFor) == nil {
                throw ValidationError("--for: expected a duration such as 90s or 10m, found '\(listenFor)'")
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
            printError("traceload: \(error)")
            throw ExitCode(ExitCodes.badInput)
        }
    }

    /// Another client's traffic, received as it happens.
    func listenForTraffic() async throws {
        guard let address = listenAddress else { return }
        let listener = TrafficListener(
            host: address.host, grpcPort: address.port,
            httpPort: httpPort ?? (address.port == 0 ? 0 : address.port + 1),
            forwardTo: forwardTo.flatMap(parseHostPort), duration: listenFor.flatMap(parseAge), every: every,
            maxSpans: maxSpans, clientService: clientService)
        let capture: TrafficListener.Capture
        do {
            capture = try await listener.capture()
        } catch {
            printError("traceload: \(error)")
            throw ExitCode(ExitCodes.runFailed)
        }
        let counts = capture.counts
        var preface =
            "Listened on \(capture.endpoints) for \(fixed(capture.seconds, 1)) s: \(counts.received) spans received"
        preface +=
            counts.dropped > 0
            ? ", \(counts.dropped) dropped (over --max-spans \(maxSpans): whole traces are left out)" : ""
        preface += counts.malformed > 0 ? ", \(counts.malformed) malformed" : ""
        preface += "; \(capture.traces) traces begun before the stop are analysed"
        preface += capture.lateTraces > 0 ? " (\(capture.lateTraces) begun after it are not)" : ""
        preface += ".\n\n"
        guard !capture.spans.isEmpty else {
            printError(
                "traceload: no spans arrived on \(capture.endpoints); were the exporters pointed here (OTEL_EXPORTER_OTLP_ENDPOINT, Milvus's trace.otlp.endpoint)?"
            )
            throw ExitCode(ExitCodes.runFailed)
        }
        try writeTrafficReport(
            spans: capture.spans, problems: [], source: "the spans received",
            sourceLabel: "OTLP received on \(capture.endpoints)",
            stem: "listen", clientService: clientService, out: out, keepSpans: true, preface: preface)
    }

    /// Another client's traffic.
    func analyseTraffic() async throws {
        guard let traces else { return }
        let spans: [Span]
        var problems: [String] = []
        if isJaeger {
            if !traceId.isEmpty {
                let ids = try traceId.map { text -> TraceID in
                    guard let id = TraceID(hex: text) else {
                        throw ValidationError("--trace-id \(text) is not a 32- or 16-digit hex trace id")
                    }
                    return id
                }
                let collection = await jaeger.collect(
                    traceIDs: ids, clientService: clientService ?? "milvus-client", deadline: .seconds(15))
                spans = Array(collection.traces.values.joined())
                problems = collection.problems
            } else {
                guard let since else {
                    throw ValidationError("with a Jaeger URL, give --since (and --until) or --trace-id")
                }
                let start = try parseTime(since)
                let end = try until.map(parseTime) ?? Date()
                spans = try await jaeger.search(service: clientService ?? "milvus-client", start: start, end: end)
            }
        } else {
            let read = try TraceFile.read(traces)
            spans = read.spans
            problems = read.problems
        }
        if !problems.isEmpty {
            printError("traceload: \(problems.count) problems reading \(traces), e.g. \(problems[0])")
        }
        let stem = isJaeger ? "jaeger" : URL(fileURLWithPath: traces).deletingPathExtension().lastPathComponent
        try writeTrafficReport(
            spans: spans, problems: problems, source: traces,
            sourceLabel: isJaeger ? "Jaeger at \(traces)" : "trace file \(traces)",
            stem: stem, clientService: clientService, out: out)
    }
    /// A finished run, correlated again.
    func reanalyse(_ path: String) async throws {
        guard let traces else { return }
        var record = try RunRecord.load(path: path)
        let requests = record.clientRequests
        guard !requests.isEmpty else {
            printError(
                "traceload: \(path) has no sampled requests to correlate (was it traced, with traceload 0.1 or later?)")
            throw ExitCode(ExitCodes.badInput)
        }
        let ids = requests.map(\.traceID)
        let service = clientService ?? record.tracing?.clientService ?? record.scenario.tracing.serviceName
        // Today's component table with the scenario's own rules, not the one stored with the run.
        let map = ComponentMap.milvusDefaults.extended(with: record.scenario.tracing.components)
        if isJaeger {
            let collection = await jaeger.collect(
                traceIDs: ids, clientService: service, deadline: .seconds(30),
                quiet: .seconds(record.scenario.tracing.quietSeconds))
            record.tracing = Reanalysis.correlate(
                record, traces: collection.traces, problems: collection.problems, source: "Jaeger at \(traces)",
                clientService: service, map: map, previous: record.tracing)
        } else {
            record.tracing = Reanalysis.correlate(
                record, spans: try TraceFile.read(traces).spans, source: "trace file \(traces)",
                clientService: service, map: map, previous: record.tracing)
        }
        let breakdowns = record.tracing?.breakdowns ?? []
        let directory =
            out ?? (path.hasSuffix(".json") ? URL(fileURLWithPath: path).deletingLastPathComponent().path : path)
        try RunReport.write(record, to: ReportWriter(directory: directory))
        printCoverage(breakdowns)
        print("report: \(directory)")
    }

    func printCoverage(_ breakdowns: [OperationBreakdown]) {
        for b in breakdowns {
            let prefix = b.phase == "traffic" ? b.operation : "\(b.phase)/\(b.operation)"
            print(
                "\(prefix): \(b.coverage.joined) of \(b.coverage.sampled) requests joined"
                    + (b.coverage.diagnosis.map { " — \($0)" } ?? ""))
        }
    }

    /// ISO 8601, or an age such as 15m (that long ago).
    func parseTime(_ text: String) throws -> Date {
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        if let seconds = parseAge(text) { return Date().addingTimeInterval(-seconds) }
        throw ValidationError("'\(text)' is neither an ISO 8601 time (2026-11-24T10:00:00Z) nor an age (15m, 2h)")
    }

    func parseAge(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let value = Double(text.dropLast(suffix.count)) { return value * scale }
        }
        return nil
    }
}
