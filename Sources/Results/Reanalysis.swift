import Analysis
import TraceContext
import Traces

/// A finished run's sampled requests correlated again with spans from elsewhere: its own
/// spans.jsonl after late spans arrived, the spans of merged runs, or a shared Jaeger.
package enum Reanalysis {
    /// With every span of some files (spans of other traces are counted as foreign, as the
    /// receiver counts them).
    package static func correlate(_ run: RunRecord, spans: [Span], source: String, clientService: String)
        -> TracingRecord
    {
        let requests = run.clientRequests
        let (traces, evidence) = ClientTraffic.traces(of: requests, in: spans, clientService: clientService)
        return record(run, traces: traces, evidence: evidence, source: source, clientService: clientService)
    }

    /// With the traces a trace store returned for the sampled requests' ids (and what went wrong
    /// fetching them).
    package static func correlate(
        _ run: RunRecord, traces: [TraceID: [Span]], problems: [String], source: String, clientService: String
    ) -> TracingRecord {
        var evidence = TraceEvidence()
        evidence.sourceProblems = problems
        return record(
            run, traces: run.clientRequests.map { traces[$0.traceID]?[...] }, evidence: evidence, source: source,
            clientService: clientService)
    }

    /// Today's component table with the scenario's own rules; the server's fraction and the
    /// client's dropped spans are the run's and do not change.
    static func record(
        _ run: RunRecord, traces: [ArraySlice<Span>?], evidence: TraceEvidence, source: String,
        clientService: String
    ) -> TracingRecord {
        let map = Correlation.componentMap(run.scenario.componentRules.map(\.rule))
        return TracingRecord(
            source: source, clientService: clientService, serverSampleFraction: run.tracing?.serverSampleFraction,
            breakdowns: Correlation.breakdowns(
                requests: run.clientRequests, tracesByRequest: traces, clientService: clientService, map: map,
                evidence: evidence),
            receiver: nil, clientSpansDropped: run.tracing?.clientSpansDropped ?? 0)
    }
}
