import Findings
import Foundation
import Results
import Traces

/// `analyze`'s files for traffic traceload did not generate: components.csv, coverage.csv,
/// analysis.json, summary.md (and spans.jsonl for traffic received live).
package enum TrafficReport {
    package static func write(
        _ tracing: TracingRecord, spans: [Span], keepSpans: Bool, title: String, preface: String, to writer: ReportWriter
    ) throws {
        try writer.write("components.csv", ComponentsReport.csv(tracing.breakdowns))
        try writer.write("coverage.csv", ComponentsReport.coverageCSV(tracing.breakdowns))
        try writer.write("analysis.json", try RunRecord.encoder.encode(tracing))
        if keepSpans { try writer.write("spans.jsonl", OTLPJSONWriter.lines(spans)) }
        // Without Milvus's metrics, the findings that traces alone support.
        let findings = Findings.of(tracing)
        try writer.write("findings.csv", FindingsReport.csv(findings))
        try writer.write(
            "summary.md",
            "# traceload analyze: \(title)\n\n" + preface + FindingsReport.markdown(findings) + "\n"
                + ComponentsReport.markdown(tracing))
    }

    /// What `analyze --listen` took in: where, how long, what was received, dropped and analysed.
    package static func listenPreface(
        endpoints: String, seconds: Double, received: Int, dropped: Int, malformed: Int, maxSpans: Int, traces: Int,
        lateTraces: Int
    ) -> String {
        var out = "Listened on \(endpoints) for \(fixed(seconds, 1)) s: \(received) spans received"
        out += dropped > 0 ? ", \(dropped) dropped (over --max-spans \(maxSpans): whole traces are left out)" : ""
        out += malformed > 0 ? ", \(malformed) malformed" : ""
        out += "; \(traces) traces begun before the stop are analysed"
        out += lateTraces > 0 ? " (\(lateTraces) begun after it are not)" : ""
        return out + ".\n\n"
    }

    /// The paragraph that says what was read: how many spans, which are the requests, what was ignored.
    package static func preface(
        spans: Int, label: String, clientService: String?, clientSpans: Int, foreignSpans: Int, problems: [String]
    ) -> String {
        var text = "\(spans) spans from \(label); "
        text +=
            clientService.map { "\(clientSpans) client spans of `\($0)` are the requests; " }
            ?? "no client spans, so Milvus's own root spans of its client API are the requests (their latency is Milvus's, without `client+wire`); "
        text += "\(foreignSpans) server spans outside the client's traces (Milvus's own work) were ignored."
        text += problems.isEmpty ? "\n\n" : " \(problems.count) problems reading the source, e.g. \(problems[0]).\n\n"
        return text
    }
}
