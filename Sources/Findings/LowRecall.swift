/// Searches that miss many of their true neighbours: whatever their latency, it is the latency of
/// a wrong answer, and a faster search at lower recall is no gain.
struct LowRecall: FindingRule {
    let name = "low-recall"
    /// Recall@k under this is low: a search that misses more than one neighbour in ten is far from
    /// the exact answer the index stands in for. A convention, not a measurement: a workload that
    /// accepts less sets it lower.
    var minimumRecall = 0.9

    func findings(_ facts: PhaseFacts, in run: RunFacts) -> [Finding] {
        facts.phase.operations.compactMap { operation -> Finding? in
            guard let record = operation.recall, let recall = record.recall, recall < minimumRecall else { return nil }
            return Finding(
                rule: name, phase: facts.name, operation: operation.operation,
                statement:
                    "Searches found only \(percent(recall)) of their true neighbours (recall@k \(String(format: "%.2f", recall)) over \(count(Double(record.searches))) checked searches): their latency is that of answers that miss \(percent(1 - recall)) of what they should hold",
                evidence: [
                    .init("recall", recall, ""), .init("checked searches", Double(record.searches), ""),
                ], share: nil,
                action:
                    "search wider (a higher ef for HNSW, nprobe for IVF, in the phase's search.params); a list of values, `ef: [32, 64, 128]`, shows recall against latency in curve.csv",
                partial: nil)
        }
    }
}
