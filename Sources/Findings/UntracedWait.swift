import ServerMetrics

/// Most of an operation's latency is waiting no span measures: named as waiting, with its place,
/// and set beside the stages of Milvus's own metrics that cover it, with how well they account
/// for it.
struct UntracedWait: FindingRule {
    let name = "untraced-wait"
    /// A wait that holds at least this share of the latency.
    var minimumShare = 0.25

    func findings(_ facts: PhaseFacts, in run: RunFacts) -> [Finding] {
        facts.breakdowns.compactMap { breakdown -> Finding? in
            guard let wait = breakdown.untraced?.first, wait.shareOfLatency >= minimumShare else { return nil }
            let operation = breakdown.operation.lowercased()
            var statement =
                "\(ms(wait.meanMs)) ms of the \(ms(breakdown.meanLatencyMs)) ms of a \(operation) is waiting inside \(wait.span), untraced"
            var evidence = [
                Finding.Evidence("untraced inside \(wait.span)", wait.meanMs, "ms"),
                Finding.Evidence("mean latency", breakdown.meanLatencyMs, "ms"),
            ]
            let reconciled = WaitReconciliation(facts: facts, breakdown: breakdown, wait: wait)
            var partial: String?
            if let explanation = reconciled.explanation {
                statement += "; " + explanation
                evidence += reconciled.evidence
            } else if facts.hasMetrics {
                partial = "Milvus's metrics have no stage that covers this wait"
            } else {
                partial = "without Milvus's metrics, what the wait is cannot be told from the traces"
            }
            return Finding(
                rule: name, phase: facts.name, operation: operation, statement: statement, evidence: evidence,
                share: wait.shareOfLatency, action: nil, partial: partial)
        }
    }
}
