import Analysis
import ArgumentParser
import Foundation
import Report
import Results
import Traces

/// The report of traffic traceload did not generate (`analyze --traces`, `analyze --listen`):
/// the client spans of one service are the requests, or without any, Milvus's own root spans.
extension AnalyzeCommand {
    /// Analyses `spans` and writes components.csv, coverage.csv, analysis.json, summary.md (and
    /// spans.jsonl when `keepSpans`); exit 2 when nothing in them is a request.
    func writeTrafficReport(
        spans: [Span], problems: [String], source: String, sourceLabel: String, stem: String,
        clientService: String?, out: String?, keepSpans: Bool = false, preface: String = ""
    ) throws {
        let services = Set(spans.map(\.service)).sorted().joined(separator: ", ")
        let service = clientService ?? ClientTraffic.detectClientService(in: spans)
        let analysis: ClientTraffic.Analysis
        if let service {
            analysis = ClientTraffic.analyse(spans: spans, clientService: service, map: .milvusDefaults)
            guard analysis.clientSpans > 0 else {
                printError(
                    "traceload: no client spans of service '\(service)' in \(source) (services there: \(services.isEmpty ? "none" : services)); set --client-service"
                )
                throw ExitCode(ExitCodes.badInput)
            }
        } else {
            analysis = ClientTraffic.analyseServerRoots(spans: spans, map: .milvusDefaults)
            guard !analysis.breakdowns.isEmpty else {
                printError(
                    "traceload: \(source) holds neither client spans calling Milvus nor Milvus's own request spans (services there: \(services.isEmpty ? "none" : services))"
                )
                throw ExitCode(ExitCodes.badInput)
            }
        }
        let record = TracingRecord(
            source: sourceLabel, clientService: service ?? "", serverSampleFraction: nil,
            breakdowns: analysis.breakdowns, receiver: nil, clientSpansDropped: 0, componentMap: .milvusDefaults)
        let writer = try ReportWriter(directory: out ?? defaultReportDirectory(for: "analyze-\(stem)"))
        try writer.write("components.csv", ComponentsReport.csv(record.breakdowns))
        try writer.write("coverage.csv", ComponentsReport.coverageCSV(record.breakdowns))
        try writer.write("analysis.json", try RunRecord.encoder.encode(record))
        if keepSpans { try writer.write("spans.jsonl", OTLPJSONWriter.lines(spans)) }
        var summary = "# traceload analyze: \(stem)\n\n" + preface
        summary += "\(spans.count) spans from \(sourceLabel); "
        summary +=
            service.map { "\(analysis.clientSpans) client spans of `\($0)` are the requests; " }
            ?? "no client spans, so Milvus's own root spans of its client API are the requests (their latency is Milvus's, without `client+wire`); "
        summary +=
            "\(analysis.evidence.foreignSpans) server spans outside the client's traces (Milvus's own work) were ignored."
        summary +=
            problems.isEmpty ? "\n\n" : " \(problems.count) problems reading the source, e.g. \(problems[0]).\n\n"
        summary += ComponentsReport.markdown(record)
        try writer.write("summary.md", summary)
        printCoverage(analysis.breakdowns)
        print("report: \(writer.directory)")
    }
}
