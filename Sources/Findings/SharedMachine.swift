import Analysis
import Results

/// The load generator is part of what was measured: it shares the machine with Milvus (the
/// machine's CPU at its limit with traceload holding part of it), or it is itself the limit; or
/// the machine was full with other processes' work.
struct SharedMachine: FindingRule {
    let name = "shared-machine"
    var cpu = CPUThresholds()
    /// client+wire's share of the latency that makes the client a suspect.
    var clientShare = 0.3

    func findings(_ facts: PhaseFacts, in run: RunFacts) -> [Finding] {
        let machine = facts.timeline("machine_cpu_cores")?.mean
        let client = facts.timeline("client_cpu_cores")?.mean
        let milvus = facts.timeline("cpu_cores")?.mean
        let wire = facts.breakdowns.compactMap { b in
            b.components.first { $0.component == Attribution.clientAndWire }.map { (b.operation.lowercased(), $0.shareOfMean) }
        }.max { $0.1 < $1.1 }
        let coreCount = Double(facts.cores)
        var evidence: [Finding.Evidence] = [.init("cores", coreCount, "")]
        if let machine { evidence.append(.init("machine CPU", machine, "cores")) }
        if let client { evidence.append(.init("traceload CPU", client, "cores")) }
        if let milvus { evidence.append(.init("Milvus CPU", milvus, "cores")) }
        // The machine full, and neither Milvus nor traceload took most of it: something else ran.
        if let machine, let client, let milvus, machine >= cpu.fullMachine * coreCount,
            machine - client - milvus >= cpu.otherProcesses * coreCount
        {
            let others = machine - client - milvus
            evidence.append(.init("other processes' CPU", others, "cores"))
            return [
                Finding(
                    rule: name, phase: facts.name, operation: nil,
                    statement:
                        "Other processes took \(cores(others)) of the machine's \(facts.cores) cores (the machine at \(cores(machine)), Milvus \(cores(milvus)), traceload \(cores(client))): Milvus and traceload waited for CPU, so this phase's latencies and queues are the machine's, not Milvus's",
                    evidence: evidence, share: nil,
                    action: "measure where nothing else runs, or compare with traceload compare, whose paired blocks share the noise",
                    partial: nil, questionsTheMeasurement: true, cause: "other-processes")
            ]
        }
        if let machine, let client, machine >= cpu.fullMachine * coreCount, client >= cpu.notableClient * coreCount {
            let wireText = wire.flatMap { $0.1 >= clientShare ? "; client+wire is \(percent($0.1)) of \($0.0)'s latency" : nil } ?? ""
            return [
                Finding(
                    rule: name, phase: facts.name, operation: wireText.isEmpty ? nil : wire?.0,
                    statement:
                        "traceload shares the machine with Milvus: the machine ran at \(cores(machine)) of \(facts.cores) cores, traceload took \(cores(client))"
                        + (milvus.map { " and Milvus \(cores($0))" } ?? "") + wireText
                        + "; the latencies include waiting for a CPU the load generator holds, so they are not Milvus's alone",
                    evidence: evidence, share: wireText.isEmpty ? nil : wire?.1,
                    action: "run traceload on another machine (traceload run --segment to split the load), or lower the load",
                    partial: nil, cause: "shares-the-machine")
            ]
        }
        if let client, client >= cpu.busyClient * coreCount {
            return [
                Finding(
                    rule: name, phase: facts.name, operation: nil,
                    statement:
                        "traceload itself used \(cores(client)) cores: the load generator may be what limits the load",
                    evidence: evidence, share: nil,
                    action: "use the release build (make release), fewer workers per process, or several processes (--segment)",
                    partial: nil, cause: "client-busy")
            ]
        }
        if machine == nil, let wire, wire.1 >= clientShare {
            return [
                Finding(
                    rule: name, phase: facts.name, operation: wire.0,
                    statement:
                        "client+wire is \(percent(wire.1)) of \(wire.0)'s latency: the client, the network or a busy load-generating machine, not Milvus, holds much of it",
                    evidence: evidence, share: wire.1,
                    action: "check the load generator's CPU and the network between it and Milvus",
                    partial: "the machine's CPU was not read, so whether traceload shared it with Milvus cannot be told",
                    cause: "client-and-wire")
            ]
        }
        return []
    }
}
