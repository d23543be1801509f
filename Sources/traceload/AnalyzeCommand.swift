import Analysis
import ArgumentParser
import Foundation
import Report
import Traces

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Show where the Milvus time goes in traces traceload did not generate.",
        discussion: """
            Reads spans from an OTLP JSON file (the OpenTelemetry Collector file-exporter format: one \
            {"resourceSpans":[...]} per line). The client spans of --client-service become the requests, \
            with the gRPC method as the operation; each is joined to the Milvus spans of its trace and its \
            latency split over components. Writes components.csv, summary.md and analysis.json.
            """
    )

    @Option(name: .long, help: "OTLP JSON lines file with client and Milvus spans.")
    var traces: String

    @Option(name: .long, help: "The service name of the client's spans.")
    var clientService: String = "milvus-client"

    @Option(name: .long, help: "Directory for the report (default: reports/analyze-<file>-<UTC time>).")
    var out: String?

    func run() throws {
        let read: OTLPJSON.Result
        do {
            read = try OTLPJSON.readFile(traces)
        } catch {
            printError("traceload: \(error)")
            throw ExitCode(ExitCodes.badInput)
        }
        if !read.problems.isEmpty {
            printError("traceload: \(read.problems.count) unreadable entries in \(traces), e.g. \(read.problems[0])")
        }
        let analysis = ClientTraffic.analyse(spans: read.spans, clientService: clientService, map: .milvusDefaults)
        guard analysis.clientSpans > 0 else {
            let services = Set(read.spans.map(\.service)).sorted().joined(separator: ", ")
            printError("traceload: no client spans of service '\(clientService)' in \(traces) (services there: \(services.isEmpty ? "none" : services)); set --client-service")
            throw ExitCode(ExitCodes.badInput)
        }
        var evidenceNote = ""
        if !read.problems.isEmpty { evidenceNote = " \(read.problems.count) entries could not be read." }
        let record = TracingRecord(source: "OTLP JSON file \(traces)", clientService: clientService, serverSampleFraction: nil,
                                   breakdowns: analysis.breakdowns, receiver: nil, clientSpansDropped: 0, componentMap: .milvusDefaults)
        let stem = URL(fileURLWithPath: traces).deletingPathExtension().lastPathComponent
        let directory = out ?? defaultReportDirectory(for: "analyze-\(stem)")
        let writer = try ReportWriter(directory: directory)
        try writer.write("components.csv", ComponentsReport.csv(record.breakdowns))
        try writer.write("analysis.json", try RunRecord.encoder.encode(record))
        var summary = "# traceload analyze: \(stem)\n\n"
        summary += "\(read.spans.count) spans read from `\(traces)`; \(analysis.clientSpans) client spans of `\(clientService)` are the requests; "
        summary += "\(analysis.evidence.foreignSpans) server spans outside the client's traces (Milvus's own work) were ignored.\(evidenceNote)\n\n"
        summary += ComponentsReport.markdown(record)
        try writer.write("summary.md", summary)
        for b in analysis.breakdowns {
            print("\(b.operation): \(b.coverage.joined) of \(b.coverage.sampled) requests joined" + (b.coverage.diagnosis.map { " — \($0)" } ?? ""))
        }
        print("report: \(directory)")
    }
}
