import Analysis
import TraceContext
import Traces

/// A finished run's sampled requests correlated again with spans from elsewhere: its own
/// spans.jsonl after late spans arrived, the spans of merged runs, or a shared Jaeger.
public enum Reanalysis {
    /// With every span of some files (spans of other traces are counted as foreign, as the
    /// receiver counts them).
    public static func correlate(
        _ run: RunRecord, spans: [Span], source: String, clientService: String, map: ComponentMap,
        previous: TracingRecord?
    ) -> TracingRecord {
        let requests = run.clientRequests
        let wanted = Set(requests.map(\.traceID))
        var traces: [TraceID: [Span]] = [:]
        for span in spans where wanted.contains(span.traceID) { traces[span.traceID, default: []].append(span) }
        let evidence = TraceEvidence.from(spans: spans, clientTraces: wanted, clientService: clientService)
        return record(
            run, traces: traces, evidence: evidence, source: source, clientService: clientService, map: map,
            previous: previous)
    }

    /// With the traces a trace store returned for the sampled requests' ids (and what went wrong
    /// fetching them).
    public static func correlate(
        _ run: RunRecord, traces: [TraceID: [Span]], problems: [String], source: String, clientService: String,
        map: ComponentMap, previous: TracingRecord?
    ) -> TracingRecord {
        var evidence = TraceEvidence()
        evidence.sourceProblems = problems
        return record(
            run, traces: traces, evidence: evidence, source: source, clientService: clientService, map: map,
            previous: previous)
    }

    /// The server's fraction and the client's dropped spans are the run's; they do not change.
    static func record(
        _ run: RunRecord, traces: [TraceID: [Span]], evidence: TraceEvidence, source: String, clientService: String,
        map: ComponentMap, previous: TracingRecord?
    ) -> TracingRecord {
        let breakdowns = Breakdown.build(
            requests: run.clientRequests, traces: traces, clientService: clientService, map: map,
            evidence: evidence)
        return TracingRecord(
            source: source, clientService: clientService, serverSampleFraction: previous?.serverSampleFraction,
            breakdowns: breakdowns, receiver: nil, clientSpansDropped: previous?.clientSpansDropped ?? 0,
            componentMap: map)
    }
}
