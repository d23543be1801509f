/// The query node's read queue dominates: sub-requests wait longer in the queue than segcore
/// works on them. With Milvus's CPU at the machine's limit the query node is saturated, and more
/// concurrency adds latency, not throughput; with CPU to spare, the queue's own concurrency limit
/// holds them.
struct QueueSaturation: FindingRule {
    let name = "queue-saturation"
    /// The queue wait that counts: at least this many milliseconds ...
    var minimumQueueMs = 1.0
    /// ... and at least this share of queue and work together.
    var minimumQueueShare = 0.3
    /// Milvus's CPU at this share of the cores is the machine's limit.
    var saturatedCPU = 0.75

    func findings(_ facts: PhaseFacts, in run: RunFacts) -> [Finding] {
        ["search", "query"].compactMap { operation -> Finding? in
            guard let queueRow = facts.stage("querynode.queue", operation), queueRow.count > 0,
                let queue = queueRow.mean, let work = facts.mean("querynode.segcore", operation),
                queue >= minimumQueueMs, queue >= minimumQueueShare * (queue + work),
                let latency = facts.latency(operation), let answered = facts.operation(operation)?.successes,
                answered > 0
            else { return nil }
            let perRequest = queueRow.count / Double(answered)
            var evidence = [
                Finding.Evidence("querynode.queue mean", queue, "ms"), Finding.Evidence("querynode.segcore mean", work, "ms"),
                Finding.Evidence("sub-requests per request", perRequest, ""),
            ]
            let cpu = facts.timeline("cpu_cores")?.mean
            let machine = facts.timeline("machine_cpu_cores")?.mean
            let busy = max(cpu ?? 0, (machine ?? 0) * saturatedCPU / 0.9)
            if let cpu { evidence.append(.init("Milvus CPU", cpu, "cores")) }
            if let machine { evidence.append(.init("machine CPU", machine, "cores")) }
            evidence.append(.init("cores", Double(facts.cores), ""))
            let share = min(1, queue * perRequest / latency.mean)
            // A sub-request that waited longer than the requests it belongs to took in all: the
            // histogram counts other sub-requests too (Milvus's own, or another operation's).
            let bound =
                queue > 1.2 * latency.mean
                ? "Milvus's queue figure (\(ms(queue)) ms a sub-\(operation)) exceeds these requests' mean latency (\(ms(latency.mean)) ms): it counts other sub-requests too"
                : nil
            let workers = facts.phase.workers
            let fewer = max(1, Int((Double(workers) * work / (queue + work)).rounded()))
            // An open loop sends on schedule whatever its workers: only the rate sets what waits.
            let fewerInFlight =
                facts.phase.rate == nil
                ? "about \(fewer) \(fewer == 1 ? "worker" : "workers") instead of \(workers)" : "a lower rate"
            if cpu == nil && machine == nil {
                return Finding(
                    rule: name, phase: facts.name, operation: operation,
                    statement:
                        "The query node's read queue dominates: each sub-\(operation) waited \(ms(queue)) ms in the queue against \(ms(work)) ms of segcore work",
                    evidence: evidence, share: share,
                    action: "fewer requests in flight (\(fewerInFlight)), or more query node CPU",
                    partial: "Milvus's CPU was not read: whether the query node is CPU-bound cannot be told")
            }
            if let cpu, let machine, machine >= saturatedCPU * Double(facts.cores), cpu < 0.5 * machine {
                return Finding(
                    rule: name, phase: facts.name, operation: operation,
                    statement:
                        "Sub-\(plural(operation)) waited \(ms(queue)) ms in the query node's read queue against \(ms(work)) ms of segcore work while the machine was full (\(cores(machine)) of \(facts.cores) cores) and Milvus had only \(cores(cpu)) of it: Milvus waited for CPU that other processes held",
                    evidence: evidence, share: share,
                    action: "measure where nothing else runs beside Milvus; this queue is the machine's, not the query node's",
                    partial: bound)
            }
            if busy >= saturatedCPU * Double(facts.cores) {
                return Finding(
                    rule: name, phase: facts.name, operation: operation,
                    statement:
                        "The query node is saturated: each sub-\(operation) waited \(ms(queue)) ms in the read queue against \(ms(work)) ms of segcore work, with Milvus at \(cores(cpu ?? busy)) of \(facts.cores) cores; more concurrency adds latency, not throughput",
                    evidence: evidence, share: share,
                    action:
                        facts.phase.rate == nil
                        ? "\(fewerInFlight) keep the same throughput with a short queue; for more throughput, more query node CPU"
                        : "at this rate the queue is what the query node's CPU allows: a lower rate shortens it; more query node CPU serves this one",
                    partial: bound)
            }
            return Finding(
                rule: name, phase: facts.name, operation: operation,
                statement:
                    "Sub-\(plural(operation)) wait in the query node's read queue (\(ms(queue)) ms against \(ms(work)) ms of work) while Milvus used only \(cores(cpu ?? busy)) of \(facts.cores) cores: the queue's concurrency limit holds them, not the CPU",
                evidence: evidence, share: share,
                action: "raise queryNode.scheduler.maxReadConcurrentRatio, or send fewer requests at once",
                partial: bound)
        }
    }
}
