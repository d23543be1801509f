import Analysis
import Scenario
import TraceContext
import Traces

/// Requests and their traces → where the time went, as run.json keeps it. The one entry point
/// for correlation: a run's phases, `analyze` (files, Jaeger, `--listen`) and a finished run
/// correlated again all come through here.
package enum Correlation {
    /// Requests and each request's trace beside it (nil: none arrived) → where the time went.
    package static func breakdowns(
        requests: [ClientRequest], tracesByRequest: [ArraySlice<Span>?], clientService: String, map: ComponentMap,
        evidence: TraceEvidence
    ) -> [OperationBreakdown] {
        Breakdown.build(
            requests: requests, tracesByRequest: tracesByRequest, clientService: clientService, map: map,
            evidence: evidence)
    }

    /// The tracing record of requests found in a set of spans (`analyze`).
    package static func record(_ traffic: ClientTraffic.Requests, source: String, map: ComponentMap) -> TracingRecord {
        TracingRecord(
            source: source, clientService: traffic.clientService, serverSampleFraction: nil,
            breakdowns: breakdowns(
                requests: traffic.requests, tracesByRequest: traffic.traces, clientService: traffic.clientService, map: map,
                evidence: traffic.evidence),
            receiver: nil, clientSpansDropped: 0)
    }

    /// The component table of a scenario's rules, the built-in Milvus rules after them.
    package static func componentMap(_ rules: [ComponentRule]) -> ComponentMap {
        ComponentMap.milvusDefaults.extended(with: rules)
    }
}
