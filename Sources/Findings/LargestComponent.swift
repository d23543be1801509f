import Analysis

/// The component that holds the largest share of an operation's latency is always explained:
/// when no other finding of the operation speaks for it, this one names it with what its spans
/// show, and what would tell more. It reads the other findings, so it runs after the rules.
enum LargestComponent {
    static let name = "largest-component"

    /// Which component each rule's finding speaks for (the untraced wait's and the read queue's
    /// time lies in the span that waits: the proxy's).
    static func covered(_ finding: Finding, _ breakdown: OperationBreakdown) -> Set<String> {
        switch finding.rule {
        case "untraced-wait", "queue-saturation": Set((breakdown.untraced ?? []).prefix(1).map(\.component))
        case "growing-segments", "merged-searches": ["segcore", "querynode"]
        case "shared-machine": [Attribution.clientAndWire]
        case "fell-behind": [Attribution.clientQueue]
        default: []
        }
    }

    static func findings(_ phases: [PhaseFacts], after found: [Finding]) -> [Finding] {
        phases.flatMap { facts in
            facts.breakdowns.compactMap { breakdown -> Finding? in
                guard let largest = breakdown.components.max(by: { $0.meanMs < $1.meanMs }), largest.meanMs > 0 else {
                    return nil
                }
                let operation = breakdown.operation.lowercased()
                let spoken = found.filter {
                    $0.phase == facts.name && ($0.operation == operation || $0.operation == nil) && $0.status != .ruledOut
                }
                guard !spoken.contains(where: { covered($0, breakdown).contains(largest.component) }) else { return nil }
                var statement =
                    "\(largest.component) holds the largest share of \(article(operation)) \(operation)'s latency, \(ms(largest.meanMs)) ms of \(ms(breakdown.meanLatencyMs)) in the traces (\(percent(largest.shareOfMean)))"
                var evidence = [
                    Finding.Evidence("\(largest.component) mean", largest.meanMs, "ms"),
                    Finding.Evidence("its share of the traced latency", largest.shareOfMean, ""),
                ]
                // What its spans show: in the slowest trace, the innermost of its spans that still
                // holds half of its longest (the handler that wraps everything says little).
                let spans = breakdown.slowestTrace.filter { $0.component == largest.component && $0.depth > 0 }
                if let longest = spans.map(\.durationMs).max(),
                    let span = spans.filter({ $0.durationMs >= longest / 2 }).max(by: { $0.depth < $1.depth })
                {
                    statement += "; in the slowest trace (\(ms(breakdown.slowestRequestMs)) ms), \(span.name) took \(ms(span.durationMs)) ms"
                    evidence.append(.init("\(span.name) in the slowest trace", span.durationMs, "ms"))
                }
                // The traced sample's component longer than the table's whole mean: the traced
                // requests are not like the others, so it is a caveat, not a share of the latency.
                if let table = facts.latency(operation)?.mean, largest.meanMs > table {
                    evidence.append(.init("mean latency", table, "ms"))
                    return .unlikeTheTable(
                        rule: name, phase: facts.name, operation: operation,
                        statement:
                            "\(largest.component) took \(ms(largest.meanMs)) ms of a traced \(operation), more than the \(ms(table)) ms \(article(operation)) \(operation) took in the latency table: the \(breakdown.coverage.joined) traced requests are not like the others, so it is not stated as a share",
                        evidence: evidence, cause: largest.component)
                }
                return Finding(
                    rule: name, phase: facts.name, operation: operation, statement: statement, evidence: evidence,
                    // The smaller of its traced share and its time over the table's mean, as an
                    // untraced wait's: an unlike traced sample inflates neither way.
                    share: min(largest.shareOfMean, (facts.latency(operation)?.mean).map { largest.meanMs / $0 } ?? 1),
                    action: Self.action(largest.component), partial: nil,
                    cause: largest.component)
            }
        }
    }

    /// What would tell more of a component.
    static func action(_ component: String) -> String {
        switch component {
        // No spans of its own: the client span less Milvus's root span.
        case Attribution.clientAndWire:
            "what would tell more: traceload's CPU (timeline.csv) and the network between it and Milvus; client+wire has no spans of its own"
        // No spans either: the time from a request's intended start to its send, spent in traceload.
        case Attribution.clientQueue:
            "requests waited behind their schedule before they were sent: more workers (if they were all busy) or a lower rate; the fell-behind finding, when stated, says which; client queue has no spans of its own"
        default:
            "what would tell more: \(component)'s spans in the complete traces' table and the slowest traces, and Milvus's metrics for it; no rule of traceload names a cause there"
        }
    }
}
