import Analysis
import ArgumentParser
import Foundation
import Report
import Scenario
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
            """
    )

    @Argument(help: "A finished run's directory (or its run.json) to correlate again.")
    var runPath: String?

    @Option(name: .long, help: "OTLP JSON lines file, or a Jaeger query URL such as http://localhost:16686.")
    var traces: String

    @Option(name: .long, help: "The service name of the client's spans (default: the service whose client spans call Milvus; without any, Milvus's own root spans are the requests).")
    var clientService: String?

    @Option(name: .long, help: "Jaeger search window start (ISO 8601, e.g. 2026-11-24T10:00:00Z, or seconds ago such as 15m).")
    var since: String?

    @Option(name: .long, help: "Jaeger search window end (ISO 8601 or an age such as 0s; default: now).")
    var until: String?

    @Option(name: .long, help: "Fetch this trace from Jaeger (repeatable) instead of searching.")
    var traceId: [String] = []

    @Option(name: .long, help: "Authorization header for Jaeger (default: $JAEGER_AUTH).")
    var jaegerAuth: String?

    @Option(name: .long, help: "Output directory (default: RUN_DIR itself, or reports/analyze-<source>-<UTC time>).")
    var out: String?

    var isJaeger: Bool { traces.hasPrefix("http://") || traces.hasPrefix("https://") }

    var jaeger: JaegerSource {
        JaegerSource(baseURL: traces, authorization: jaegerAuth ?? ProcessInfo.processInfo.environment["JAEGER_AUTH"])
    }

    func run() async throws {
        do {
            if let runPath { try await reanalyse(runPath) } else { try await analyseTraffic() }
        } catch let error as ExitCode {
            throw error
        } catch {
            printError("traceload: \(error)")
            throw ExitCode(ExitCodes.badInput)
        }
    }

    /// Another client's traffic.
    func analyseTraffic() async throws {
        let spans: [Span]
        var problems: [String] = []
        if isJaeger {
            if !traceId.isEmpty {
                let ids = try traceId.map { text -> TraceID in
                    guard let id = TraceID(hex: text) else { throw ValidationError("--trace-id \(text) is not a 32- or 16-digit hex trace id") }
                    return id
                }
                let collection = await jaeger.collect(traceIDs: ids, clientService: clientService ?? "milvus-client", deadline: .seconds(15))
                spans = Array(collection.traces.values.joined())
                problems = collection.problems
            } else {
                guard let since else { throw ValidationError("with a Jaeger URL, give --since (and --until) or --trace-id") }
                let start = try parseTime(since), end = try until.map(parseTime) ?? Date()
                spans = try await jaeger.search(service: clientService ?? "milvus-client", start: start, end: end)
            }
        } else {
            let read = try TraceFile.read(traces)
            spans = read.spans
            problems = read.problems
        }
        if !problems.isEmpty { printError("traceload: \(problems.count) problems reading \(traces), e.g. \(problems[0])") }
        let services = Set(spans.map(\.service)).sorted().joined(separator: ", ")
        let service = clientService ?? ClientTraffic.detectClientService(in: spans)
        let analysis: ClientTraffic.Analysis
        if let service {
            analysis = ClientTraffic.analyse(spans: spans, clientService: service, map: .milvusDefaults)
            guard analysis.clientSpans > 0 else {
                printError("traceload: no client spans of service '\(service)' in \(traces) (services there: \(services.isEmpty ? "none" : services)); set --client-service")
                throw ExitCode(ExitCodes.badInput)
            }
        } else {
            analysis = ClientTraffic.analyseServerRoots(spans: spans, map: .milvusDefaults)
            guard !analysis.breakdowns.isEmpty else {
                printError("traceload: \(traces) holds neither client spans calling Milvus nor Milvus's own request spans (services there: \(services.isEmpty ? "none" : services))")
                throw ExitCode(ExitCodes.badInput)
            }
        }
        let record = TracingRecord(source: isJaeger ? "Jaeger at \(traces)" : "trace file \(traces)", clientService: service ?? "",
                                   serverSampleFraction: nil, breakdowns: analysis.breakdowns, receiver: nil, clientSpansDropped: 0,
                                   componentMap: .milvusDefaults)
        let stem = isJaeger ? "jaeger" : URL(fileURLWithPath: traces).deletingPathExtension().lastPathComponent
        let writer = try ReportWriter(directory: out ?? defaultReportDirectory(for: "analyze-\(stem)"))
        try writer.write("components.csv", ComponentsReport.csv(record.breakdowns))
        try writer.write("coverage.csv", ComponentsReport.coverageCSV(record.breakdowns))
        try writer.write("analysis.json", try RunRecord.encoder.encode(record))
        var summary = "# traceload analyze: \(stem)\n\n"
        summary += "\(spans.count) spans read from `\(traces)`; "
        summary += service.map { "\(analysis.clientSpans) client spans of `\($0)` are the requests; " }
            ?? "no client spans, so Milvus's own root spans of its client API are the requests (their latency is Milvus's, without `client+wire`); "
        summary += "\(analysis.evidence.foreignSpans) server spans outside the client's traces (Milvus's own work) were ignored."
        summary += problems.isEmpty ? "\n\n" : " \(problems.count) problems reading the source, e.g. \(problems[0]).\n\n"
        summary += ComponentsReport.markdown(record)
        try writer.write("summary.md", summary)
        printCoverage(analysis.breakdowns)
        print("report: \(writer.directory)")
    }

    /// A finished run, correlated again.
    func reanalyse(_ path: String) async throws {
        var record = try RunRecord.load(path: path)
        let requests = record.clientRequests
        guard !requests.isEmpty else {
            printError("traceload: \(path) has no sampled requests to correlate (was it traced, with traceload 0.1 or later?)")
            throw ExitCode(ExitCodes.badInput)
        }
        let ids = requests.map(\.traceID)
        let service = clientService ?? record.tracing?.clientService ?? record.scenario.tracing.serviceName
        // Today's component table with the scenario's own rules, not the one stored with the run.
        let map = ComponentMap.milvusDefaults.extended(with: record.scenario.tracing.components)
        let previous = record.tracing ?? TracingRecord(source: "", clientService: service, serverSampleFraction: nil, breakdowns: [],
                                                       receiver: nil, clientSpansDropped: 0, componentMap: map)
        if isJaeger {
            let collection = await jaeger.collect(traceIDs: ids, clientService: service, deadline: .seconds(30),
                                                  quiet: .seconds(record.scenario.tracing.quietSeconds))
            var evidence = TraceEvidence()
            evidence.sourceProblems = collection.problems
            let breakdowns = Breakdown.build(requests: requests, traces: collection.traces, clientService: service, map: map, evidence: evidence)
            record.tracing = TracingRecord(source: "Jaeger at \(traces)", clientService: service, serverSampleFraction: previous.serverSampleFraction,
                                           breakdowns: breakdowns, receiver: nil, clientSpansDropped: previous.clientSpansDropped, componentMap: map)
        } else {
            record.tracing = try Reanalysis.correlate(record, spanFiles: [traces], clientService: service, map: map, previous: previous)
        }
        let breakdowns = record.tracing?.breakdowns ?? []
        let directory = out ?? (path.hasSuffix(".json") ? URL(fileURLWithPath: path).deletingLastPathComponent().path : path)
        try RunReport.write(record, to: ReportWriter(directory: directory))
        printCoverage(breakdowns)
        print("report: \(directory)")
    }

    func printCoverage(_ breakdowns: [OperationBreakdown]) {
        for b in breakdowns {
            let prefix = b.phase == "traffic" ? b.operation : "\(b.phase)/\(b.operation)"
            print("\(prefix): \(b.coverage.joined) of \(b.coverage.sampled) requests joined" + (b.coverage.diagnosis.map { " — \($0)" } ?? ""))
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
