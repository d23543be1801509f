import Analysis
import Results

/// From where to why: the findings of a run, most important first. Each rule reads what
/// traceload measured (trace components and untraced time, Milvus's stage histograms and
/// timeline, the machine's and traceload's CPU, throughput against rate) and stays silent
/// without its evidence.
package enum Findings {
    static let rules: [any FindingRule] = [
        QueueSaturation(), GrowingSegments(), BackgroundWork(), MergedSearches(), SharedMachine(), UselessConcurrency(),
        FellBehind(), UntracedWait(), TailComponent(),
    ]

    package static func of(_ run: RunRecord) -> [Finding] {
        let phases = run.measuredPhases.map { PhaseFacts($0, run: run) }
        let facts = RunFacts(phases: phases)
        return order(phases.flatMap { phase in rules.flatMap { $0.findings(phase, in: facts) } })
    }

    /// Traffic traceload did not generate (`analyze`): the rules that need only traces.
    package static func of(_ tracing: TracingRecord) -> [Finding] {
        let traceRules: [any FindingRule] = [UntracedWait(), TailComponent()]
        var found: [Finding] = []
        for name in Set(tracing.breakdowns.map(\.phase)).sorted() {
            let facts = PhaseFacts(tracePhase: name, breakdowns: tracing.breakdowns.filter { $0.phase == name })
            let run = RunFacts(phases: [facts])
            for rule in traceRules { found += rule.findings(facts, in: run) }
        }
        return order(found)
    }

    /// What questions the measurement first; then most latency explained first; within a phase,
    /// the rules' order.
    static func order(_ findings: [Finding]) -> [Finding] {
        let rank = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.name, $0) })
        return findings.enumerated().sorted { a, b in
            if a.element.questionsTheMeasurement != b.element.questionsTheMeasurement {
                return a.element.questionsTheMeasurement
            }
            let (x, y) = (a.element.share ?? -1, b.element.share ?? -1)
            if x != y { return x > y }
            return (rank[a.element.rule] ?? 99, a.offset) < (rank[b.element.rule] ?? 99, b.offset)
        }.map(\.element)
    }
}

extension Findings {
    /// What Milvus's metrics say of an operation's largest untraced wait, for the line that leads
    /// its section: "Milvus's metrics: queue ~34 ms, segcore ~31 ms per sub-search; ...".
    package static func waitExplanation(_ run: RunRecord, _ breakdown: OperationBreakdown) -> String? {
        guard let phase = run.phases.first(where: { $0.name == breakdown.phase }), let wait = breakdown.untraced?.first
        else { return nil }
        return WaitReconciliation(facts: PhaseFacts(phase, run: run), breakdown: breakdown, wait: wait).explanation
    }
}
