import Analysis
import Results
import ServerMetrics

/// Milvus's numbers set beside an untraced wait: which stages cover it, and how well the
/// delegator's whole request time, less the segcore work the traces already hold, accounts for
/// the untraced time per request. An explanation that falls short, or overshoots, says so.
struct WaitReconciliation {
    var explanation: String?
    var evidence: [Finding.Evidence] = []
    /// The stages' account over the untraced time (1 = all of it).
    var accounted: Double?
    /// The stages account for less than the wait: something else waits there too.
    var fallsShort = false

    init(facts: PhaseFacts, breakdown: OperationBreakdown, wait: UntracedRow) {
        let operation = breakdown.operation.lowercased()
        guard StageCatalog.untracedWaits[wait.span] != nil, facts.hasMetrics else { return }
        var parts: [String] = []
        let queue = facts.mean("querynode.queue", operation)
        let work = facts.mean("querynode.segcore", operation)
        if let queue, queue >= 0.05 { parts.append("queue ~\(ms(queue)) ms") }
        if let work, work >= 0.05 { parts.append("segcore ~\(ms(work)) ms") }
        let onLeader = facts.mean("querynode.request", operation, ["scope": "OnLeader"])
        let waitResult = facts.mean("proxy.wait_result", operation)
        guard let whole = onLeader ?? waitResult else {
            if !parts.isEmpty { explanation = "Milvus's metrics: " + parts.joined(separator: ", ") + " per sub-\(operation)" }
            return
        }
        let wholeName = onLeader != nil ? "the delegator's whole request" : "the proxy's wait for results"
        // What the traces already hold of that time: segcore's (and the query node's) traced work.
        let traced = breakdown.components.filter { ["segcore", "querynode"].contains($0.component) }.map {
            $0.meanMs - ($0.uncoveredMs ?? 0)
        }.reduce(0, +)
        let expected = max(0, whole - traced)
        let share = wait.meanMs > 0 ? expected / wait.meanMs : 0
        accounted = share
        evidence = [
            .init(wholeName, whole, "ms"), .init("traced query-node work", traced, "ms"),
            .init("stages' account of the wait", share, ""),
        ]
        var text = "the wait for the query node; Milvus's metrics: " + (parts.isEmpty ? "" : parts.joined(separator: ", ") + " per sub-\(operation); ")
        text +=
            "\(wholeName) (\(ms(whole)) ms) less the traced segcore work (\(ms(traced)) ms) is \(ms(expected)) ms, "
        if (0.8..<1).contains(share) {
            text += "\(percent(share)) of the untraced time"
        } else if (1...1.1).contains(share) {
            // Two histograms' means and a sample of traces agree to within their noise.
            text += "about all of the untraced time"
        } else if share < 0.8 {
            fallsShort = true
            text += "only \(percent(share)) of the untraced time: the explanation falls short"
        } else {
            // More than the wait: the delegator's histogram counts other requests' time too (Milvus's
            // own, another operation's), or the traces missed the slow requests. Not a share.
            evidence.removeLast()
            text += "more than the untraced time (\(ms(wait.meanMs)) ms): Milvus's figure counts more than these requests' wait, so it bounds the wait and does not apportion it"
        }
        explanation = text
    }
}
