import ServerMetrics

/// Most of an operation's latency is waiting no span measures: named as waiting, with its place,
/// and set beside the stages of Milvus's own metrics that cover it, with how well they account
/// for it. Its share is the smaller of the traced requests' own (the wait over their mean) and the
/// wait over the table's mean: a traced sample slower than the rest would inflate the second (5.9
/// ms over a 6.3 ms table mean read 94% where the traced queries' 9.3 ms give 64%), one faster
/// than the rest the first (1.6 ms of 4.3 traced ms, 38%, of a 42.4 ms table mean is 16 ms, ten
/// times the wait). A wait longer than the table's whole mean is a caveat on the traced sample.
struct UntracedWait: FindingRule {
    let name = "untraced-wait"
    /// A wait that holds at least this share of the latency.
    var minimumShare = 0.25

    func findings(_ facts: PhaseFacts, in run: RunFacts) -> [Finding] {
        facts.breakdowns.compactMap { breakdown -> Finding? in
            guard let wait = breakdown.untraced?.first, wait.shareOfLatency >= minimumShare else { return nil }
            let operation = breakdown.operation.lowercased()
            let mean = facts.latency(operation)?.mean
            var evidence = [
                Finding.Evidence("untraced inside \(wait.span)", wait.meanMs, "ms"),
                Finding.Evidence("mean latency of the traced \(plural(operation))", breakdown.meanLatencyMs, "ms"),
            ]
            if let mean { evidence.append(.init("mean latency", mean, "ms")) }
            if let mean, wait.meanMs > mean {
                return .unlikeTheTable(
                    rule: name, phase: facts.name, operation: operation,
                    statement:
                        "The traced \(plural(operation)) waited \(ms(wait.meanMs)) ms inside \(wait.span), untraced, more than the \(ms(mean)) ms a \(operation) took in the latency table: the \(breakdown.coverage.joined) traced requests are not like the others, so the wait is not stated as a cause",
                    evidence: evidence, cause: wait.span)
            }
            var statement =
                "\(ms(wait.meanMs)) ms of the \(ms(breakdown.meanLatencyMs)) ms of a traced \(operation) is waiting inside \(wait.span), untraced"
            let reconciled = WaitReconciliation(facts: facts, breakdown: breakdown, wait: wait)
            var partial: String?
            var action: String?
            if let explanation = reconciled.explanation {
                statement += "; " + explanation
                evidence += reconciled.evidence
                action =
                    reconciled.fallsShort
                    ? "what would tell more: Milvus's own traces of the query node (a Milvus that traces its queue), or its debug logs for the slow requests"
                    : "what would tell more: the section What Milvus measured, stage by stage (queue, segcore, the delegator's whole request)"
            } else if facts.hasMetrics {
                partial = "Milvus's metrics have no stage that covers this wait"
                action = "what would tell more: the component's own logs for the slow requests, or a Milvus version that traces inside \(wait.span)"
            } else {
                partial = "without Milvus's metrics, what the wait is cannot be told from the traces"
                action = "what would tell more: Milvus's metrics beside the traces (traceload run reads them during the load)"
            }
            return Finding(
                rule: name, phase: facts.name, operation: operation, statement: statement, evidence: evidence,
                share: min(wait.shareOfLatency, mean.map { wait.meanMs / $0 } ?? 1), action: action, partial: partial, cause: wait.span)
        }
    }
}
