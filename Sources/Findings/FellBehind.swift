import Analysis
import Results

/// An open-loop phase fell behind its rate: requests came due that no worker was free to send.
/// Where the backlog formed: too few workers for the latency (Little's law), Milvus's queue, or
/// traceload itself.
struct FellBehind: FindingRule {
    let name = "fell-behind"
    /// Unsent requests that matter, as a share of those due.
    var minimumShare = 0.01
    /// Workers busy on average at this share of them are all busy: a few idle for a moment
    /// between a response and the next due request.
    var busyWorkers = 0.9
    var cpu = CPUThresholds()

    func findings(_ facts: PhaseFacts, in run: RunFacts) -> [Finding] {
        guard let rate = facts.phase.rate, let unsent = facts.phase.unsent, unsent > 0 else { return [] }
        let sent = facts.phase.totalRequests
        let due = sent + unsent
        guard Double(unsent) >= minimumShare * Double(due) else { return [] }
        let workers = facts.phase.workers
        // A worker is held from a request's send to its answer: Little's law wants that time, the
        // table's latency less what the traces show it waited behind its schedule (client queue).
        let held: [(count: Double, ms: Double)] = facts.phase.operations.compactMap { record in
            guard let summary = try? LatencySummary(record.histogram) else { return nil }
            let queued = facts.breakdown(record.operation)?.components.first { $0.component == Attribution.clientQueue }
            return (Double(summary.count), max(0, summary.mean - (queued?.meanMs ?? 0)))
        }
        let answered = held.reduce(0.0) { $0 + $1.count }
        let total = held.reduce(0.0) { $0 + $1.ms * $1.count }
        let meanMs: Double? = answered > 0 ? total / answered : nil
        let target = max(rate.start, rate.end)
        var evidence: [Finding.Evidence] = [
            .init("not sent", Double(unsent), "requests"), .init("due", Double(due), "requests"),
            .init("rate", target, "req/s"), .init("workers", Double(workers), ""),
        ]
        var place: String
        var action: String
        var cause: String
        if let meanMs, target * meanMs / 1000 > Double(workers) * busyWorkers {
            let needed = Int((target * meanMs / 1000 * 1.5).rounded(.up))
            place =
                "all \(workers) workers were busy: at \(ms(meanMs)) ms a request from its send, \(ms(target))/s needs about \(Int((target * meanMs / 1000).rounded())) in flight"
            action = "give the phase more workers (about \(needed)), so that the rate, not the workers, sets the load"
            cause = "workers"
            evidence.append(.init("mean latency from the send", meanMs, "ms"))
            if let queue = facts.mean("querynode.queue", "search"), queue >= 1 {
                place += ", and Milvus's read queue held each sub-search \(ms(queue)) ms: Milvus could not keep up either"
                action = "a lower rate: Milvus is past what it can take (more workers would only lengthen its queue)"
                cause = "milvus"
            }
        } else if let client = facts.timeline("client_cpu_cores")?.mean, client >= cpu.busyClient * Double(facts.cores) {
            place = "traceload itself was busy (\(cores(client)) cores)"
            action = "the release build, or several load generators (--segment)"
            cause = "client"
        } else {
            place = "the workers could not send on time, though they were not all busy on average (a burst, or a stall)"
            action = "look at timeline.csv and server_timeline.csv for the seconds the backlog formed"
            cause = "unknown"
        }
        // What the requests that were sent waited behind their schedule: the traces' client queue.
        if let queued = facts.breakdowns.compactMap({ b in
            b.components.first { $0.component == Attribution.clientQueue }.map { (b.operation.lowercased(), $0) }
        }).max(by: { $0.1.meanMs < $1.1.meanMs }), queued.1.meanMs > 0 {
            place +=
                "; a traced \(queued.0) waited \(ms(queued.1.meanMs)) ms behind its schedule before it was sent (client queue, \(percent(queued.1.shareOfMean)) of its latency)"
            evidence.append(.init("client queue of a \(queued.0)", queued.1.meanMs, "ms"))
        }
        return [
            Finding(
                rule: name, phase: facts.name, operation: nil,
                statement:
                    "The open-loop phase fell behind its rate: \(count(Double(unsent))) of \(count(Double(due))) requests due were not sent; \(place)",
                // The phase did not apply the load it was asked for: its latencies are those of a lower
                // rate, and every other finding of it stands on that.
                evidence: evidence, share: nil, action: action, partial: nil, questionsTheMeasurement: true,
                cause: cause)
        ]
    }
}
