import Analysis
import Foundation
import Report
import Traces
import TraceContext
import Results

/// Correlates a run's sampled requests again with spans read from OTLP JSON files.
enum Reanalysis {
    static func correlate(_ run: RunRecord, spanFiles: [String], clientService: String, map: ComponentMap,
                          previous: TracingRecord) throws -> TracingRecord {
        let requests = run.clientRequests
        let wanted = Set(requests.map(\.traceID))
        var traces: [TraceID: [Span]] = [:]
        var spans: [Span] = []
        for file in spanFiles {
            spans += try TraceFile.read(file).spans
        }
        for span in spans where wanted.contains(span.traceID) { traces[span.traceID, default: []].append(span) }
        let evidence = TraceEvidence.from(spans: spans, clientTraces: wanted, clientService: clientService)
        let breakdowns = Breakdown.build(requests: requests, traces: traces, clientService: clientService,
                                         map: map, evidence: evidence)
        return TracingRecord(source: spanFiles.count == 1 ? "trace file \(spanFiles[0])" : "\(spanFiles.count) trace files",
                             clientService: clientService, serverSampleFraction: previous.serverSampleFraction,
                             breakdowns: breakdowns, receiver: nil, clientSpansDropped: previous.clientSpansDropped, componentMap: map)
    }
}
