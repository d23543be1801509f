import Traces

@testable import Analysis

/// The tests read traffic as `analyze` does: requests found, then correlated.
extension ClientTraffic {
    struct Analysis {
        var breakdowns: [OperationBreakdown]
        var evidence: TraceEvidence
        var clientSpans: Int
    }

    static func analyse(spans: [Span], clientService: String, map: ComponentMap) -> Analysis {
        correlate(requests(in: spans, clientService: clientService), map: map)
    }

    static func analyseServerRoots(spans: [Span], map: ComponentMap) -> Analysis {
        correlate(serverRootRequests(in: spans), map: map)
    }

    static func correlate(_ traffic: Requests, map: ComponentMap) -> Analysis {
        Analysis(
            breakdowns: Breakdown.build(
                requests: traffic.requests, tracesByRequest: traffic.traces, clientService: traffic.clientService, map: map,
                evidence: traffic.evidence),
            evidence: traffic.evidence, clientSpans: traffic.clientSpans)
    }
}
