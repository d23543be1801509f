import Analysis
import Results

/// From where to why: the findings of a run, most important first. Each rule reads what
/// traceload measured (trace components and untraced time, Milvus's stage histograms and
/// timeline, the machine's and traceload's CPU, throughput against rate) and stays silent
/// without its evidence.
package enum Findings {
    /// In the order findings that explain no share of the latency are read: what questions the
    /// measurement, then what limited the load, then the causes, then what they rest on.
    static let rules: [any FindingRule] = [
        SharedMachine(), FellBehind(), LowRecall(), QueueSaturation(), UntracedWait(), UselessConcurrency(),
        GrowingSegments(), BackgroundWork(), MergedSearches(), TailComponent(),
    ]

    package static func of(_ run: RunRecord) -> [Finding] {
        let phases = run.measuredPhases.map { PhaseFacts($0, run: run) }
        let facts = RunFacts(phases: phases)
        let found = phases.flatMap { phase in rules.flatMap { $0.findings(phase, in: facts) } }
        let settled = Shares.settle(found + LargestComponent.findings(phases, after: found)).map { finding in
            var finding = finding
            finding.meanLatencyMs = finding.operation.flatMap { operation in
                phases.first { $0.name == finding.phase }?.latency(operation)?.mean
            }
            return finding
        }
        return order(settled)
    }

    /// Traffic traceload did not generate (`analyze`): the rules that need only traces.
    package static func of(_ tracing: TracingRecord) -> [Finding] {
        let traceRules: [any FindingRule] = [UntracedWait(), TailComponent()]
        var found: [Finding] = []
        var phases: [PhaseFacts] = []
        for name in Set(tracing.breakdowns.map(\.phase)).sorted() {
            let facts = PhaseFacts(tracePhase: name, breakdowns: tracing.breakdowns.filter { $0.phase == name })
            let run = RunFacts(phases: [facts])
            for rule in traceRules { found += rule.findings(facts, in: run) }
            phases.append(facts)
        }
        return order(Shares.settle(found + LargestComponent.findings(phases, after: found)))
    }

    /// What questions the measurement first; then causes, caveats, what was ruled out; the most
    /// milliseconds of latency explained first; then the rules' order.
    static func order(_ findings: [Finding]) -> [Finding] {
        let rank = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.name, $0) })
        let standing: [Finding.Status: Int] = [.finding: 0, .caveat: 1, .ruledOut: 2]
        return findings.enumerated().sorted { a, b in
            if a.element.questionsTheMeasurement != b.element.questionsTheMeasurement {
                return a.element.questionsTheMeasurement
            }
            if a.element.status != b.element.status {
                return standing[a.element.status]! < standing[b.element.status]!
            }
            // A share capped to nothing explains nothing the larger findings do not: ranked as none.
            func explained(_ finding: Finding) -> Double { finding.explained.flatMap { $0 > 0 ? $0 : nil } ?? -1 }
            let (x, y) = (explained(a.element), explained(b.element))
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
