import Analysis

/// The query node's read queue dominates: sub-requests wait longer in the queue than segcore
/// works on them. With Milvus's CPU at the machine's limit the query node is saturated, and more
/// concurrency adds latency, not throughput; with CPU to spare, the queue's own concurrency limit
/// holds them. Its share is the queue's time in a request (sub-requests side by side counted once)
/// over the operation's mean latency; a queue longer than the latency, or than the untraced wait it
/// lies in, contradicts the tables: a caveat on Milvus's figure, not a cause.
struct QueueSaturation: FindingRule {
    let name = "queue-saturation"
    /// The queue wait that counts: at least this many milliseconds ...
    var minimumQueueMs = 1.0
    /// ... and at least this share of queue and work together.
    var minimumQueueShare = 0.3
    var cpu = CPUThresholds()

    func findings(_ facts: PhaseFacts, in run: RunFacts) -> [Finding] {
        ["search", "query"].compactMap { operation -> Finding? in
            guard let wait = QueueWait(facts, operation), let work = facts.mean("querynode.segcore", operation),
                wait.perSubRequest >= minimumQueueMs, wait.perSubRequest >= minimumQueueShare * (wait.perSubRequest + work),
                let latency = facts.latency(operation)
            else { return nil }
            let queue = wait.perSubRequest
            var evidence = [
                Finding.Evidence("querynode.queue mean", queue, "ms"), Finding.Evidence("querynode.segcore mean", work, "ms"),
                Finding.Evidence("sub-requests per request", wait.subRequests, ""),
                Finding.Evidence("queue per request", wait.perRequest, "ms"),
                Finding.Evidence("mean latency", latency.mean, "ms"),
            ]
            let traced = facts.queryNodeWait(operation)
            if let contradiction = contradiction(wait, latency.mean, traced, operation) {
                if let traced { evidence.append(.init("untraced inside \(traced.span)", traced.meanMs, "ms")) }
                return Finding(
                    rule: name, phase: facts.name, operation: operation, statement: contradiction, evidence: evidence,
                    share: nil,
                    action:
                        "what would tell more: a phase of \(plural(operation)) alone (its queue then counts only them), or more of them traced (tracing.sampleFraction)",
                    partial: nil, status: .caveat)
            }
            let milvus = facts.timeline("cpu_cores")?.mean
            let machine = facts.timeline("machine_cpu_cores")?.mean
            if let milvus { evidence.append(.init("Milvus CPU", milvus, "cores")) }
            if let machine { evidence.append(.init("machine CPU", machine, "cores")) }
            evidence.append(.init("cores", Double(facts.cores), ""))
            let share = min(1, wait.perRequest / latency.mean)
            let counted = "; " + wait.counting
            let workers = facts.phase.workers
            let fewer = max(1, Int((Double(workers) * work / (queue + work)).rounded()))
            // An open loop sends on schedule whatever its workers: only the rate sets what waits.
            let fewerInFlight =
                facts.phase.rate == nil
                ? "about \(fewer) \(fewer == 1 ? "worker" : "workers") instead of \(workers)" : "a lower rate"
            // The untraced-wait finding speaks of the operation's largest untraced wait only: the
            // queue is taken out of it when that is the wait the queue lies in, not another span's.
            let largest = facts.breakdown(operation)?.untraced?.first
            let nested = traced != nil && traced?.span == largest?.span
            let within = nested ? ["untraced-wait", "useless-concurrency"] : ["useless-concurrency"]
            var withinShare: [String: Double] = [:]
            if let grown = queueGrowth(facts, run, operation, wait) { withinShare["useless-concurrency"] = grown / latency.mean }
            func finding(_ statement: String, _ action: String, _ cause: String, partial: String? = nil) -> Finding {
                Finding(
                    rule: name, phase: facts.name, operation: operation, statement: statement + counted, evidence: evidence,
                    share: share, action: action, partial: partial, within: within, withinShare: withinShare, cause: cause)
            }
            let coreCount = Double(facts.cores)
            guard let milvus else {
                return finding(
                    "The query node's read queue dominates: each sub-\(operation) waited \(ms(queue)) ms in the queue against \(ms(work)) ms of segcore work",
                    "fewer requests in flight (\(fewerInFlight)), or more query node CPU",
                    "cpu-unknown", partial: "Milvus's CPU was not read: whether the query node is CPU-bound cannot be told")
            }
            if milvus >= cpu.saturatedMilvus * coreCount {
                return finding(
                    "The query node is saturated: each sub-\(operation) waited \(ms(queue)) ms in the read queue against \(ms(work)) ms of segcore work, with Milvus at \(cores(milvus)) of \(facts.cores) cores; more concurrency adds latency, not throughput",
                    facts.phase.rate == nil
                        ? "\(fewerInFlight) keep the same throughput with a short queue; for more throughput, more query node CPU"
                        : "at this rate the queue is what the query node's CPU allows: a lower rate shortens it; more query node CPU serves this one",
                    "saturated")
            }
            if let machine, machine >= cpu.fullMachine * coreCount {
                return finding(
                    "Sub-\(plural(operation)) waited \(ms(queue)) ms in the query node's read queue against \(ms(work)) ms of segcore work while the machine was full (\(cores(machine)) of \(facts.cores) cores) and Milvus had only \(cores(milvus)) of it: Milvus waited for CPU that other processes held",
                    "measure where nothing else runs beside Milvus; this queue is the machine's, not the query node's", "machine-full")
            }
            return finding(
                "Sub-\(plural(operation)) wait in the query node's read queue (\(ms(queue)) ms against \(ms(work)) ms of work) while Milvus used only \(cores(milvus)) of \(facts.cores) cores: the queue's concurrency limit holds them, not the CPU",
                "raise queryNode.scheduler.maxReadConcurrentRatio, or send fewer requests at once", "concurrency-limit")
        }
    }

    /// What the queue added to a request since the phase with fewer workers that useless
    /// concurrency compares with (ms): going back to it takes off only that growth, since that
    /// phase queued too. nil without such a phase or its queue figure (then the whole queue).
    func queueGrowth(_ facts: PhaseFacts, _ run: RunFacts, _ operation: String, _ wait: QueueWait) -> Double? {
        guard let earlier = UselessConcurrency.earlier(facts, in: run, operation), earlier.hasMetrics else { return nil }
        // A phase with Milvus's stages and no queue figure for the operation did not queue.
        let before = QueueWait(earlier, operation)?.perRequest ?? 0
        return max(0, wait.perRequest - before)
    }

    /// A queue a request cannot have waited: longer than its whole mean latency, or than the
    /// untraced wait of its traces that the queue lies in. Milvus's histogram then counts other
    /// sub-requests too (Milvus's own, another operation's), or the traces missed the slow ones.
    func contradiction(_ wait: QueueWait, _ latency: Double, _ traced: UntracedRow?, _ operation: String) -> String? {
        let queue = wait.perRequest
        if queue > latency {
            return
                "Milvus's read queue for \(plural(operation)) mixes other work: \(ms(wait.perSubRequest)) ms a sub-\(operation) against \(ms(latency)) ms a \(operation) (the latency table's mean), so it is not stated as a cause"
        }
        if let traced, queue > traced.meanMs {
            return
                "Milvus's read queue for \(plural(operation)) mixes other work: \(ms(wait.perSubRequest)) ms a sub-\(operation) against \(ms(traced.meanMs)) ms of untraced waiting inside \(traced.span) in a traced \(operation), which would hold it, so it is not stated as a cause"
        }
        return nil
    }
}
