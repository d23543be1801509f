/// More concurrency than the server can use: between two phases of one run doing the same work,
/// more workers bought latency, not throughput (or little: by Little's law, workers that add
/// throughput in proportion keep the latency; those that do not queue).
struct UselessConcurrency: FindingRule {
    let name = "useless-concurrency"
    /// Throughput that grew by less than this share of the workers' growth did not grow with them
    /// (8 → 32 workers is +300%; +20% throughput is 7% of it).
    var proportionalGain = 0.25
    /// Latency that grew by more than this share grew.
    var latencyGrowth = 0.2

    func findings(_ facts: PhaseFacts, in run: RunFacts) -> [Finding] {
        guard facts.phase.rate == nil, facts.phase.operations.count == 1, let operation = facts.phase.operations.first?.operation,
            let throughput = facts.throughput(operation), let latency = facts.latency(operation)
        else { return [] }
        guard let earlier = Self.earlier(facts, in: run, operation), let before = earlier.throughput(operation), let beforeLatency = earlier.latency(operation)
        else { return [] }
        let workersGrowth = Double(facts.phase.workers) / Double(earlier.phase.workers) - 1
        guard throughput < before * (1 + proportionalGain * workersGrowth),
            latency.p50 > beforeLatency.p50 * (1 + latencyGrowth)
        else { return [] }
        let gain = throughput / before - 1
        return [
            Finding(
                rule: name, phase: facts.name, operation: operation,
                statement:
                    "More concurrency than Milvus can use: from \(earlier.phase.workers) workers (phase \(earlier.name)) to \(facts.phase.workers), \(operation) throughput went from \(ms(before)) to \(ms(throughput))/s (\(signedPercent(gain))) while p50 went from \(ms(beforeLatency.p50)) to \(ms(latency.p50)) ms",
                evidence: [
                    .init("workers before", Double(earlier.phase.workers), ""), .init("workers", Double(facts.phase.workers), ""),
                    .init("throughput before", before, "req/s"), .init("throughput", throughput, "req/s"),
                    .init("p50 before", beforeLatency.p50, "ms"), .init("p50", latency.p50, "ms"),
                ],
                // Going back to the fewer workers takes the difference of the means off the mean.
                share: max(0, 1 - beforeLatency.mean / latency.mean),
                action: gain < 0.05
                    ? "\(earlier.phase.workers) workers deliver the same throughput at lower latency"
                    : "\(earlier.phase.workers) workers deliver \(percent(1 / (1 + gain))) of the throughput at a p50 of \(ms(beforeLatency.p50)) ms instead of \(ms(latency.p50))",
                partial: nil)
        ]
    }

    /// The phase with fewer workers doing the same single operation closed-loop, just before it.
    static func earlier(_ facts: PhaseFacts, in run: RunFacts, _ operation: String) -> PhaseFacts? {
        run.phases.prefix { $0.name != facts.name }.last { other in
            other.phase.rate == nil && other.phase.operations.count == 1
                && other.phase.operations.first?.operation == operation && other.phase.workers < facts.phase.workers
        }
    }
}
