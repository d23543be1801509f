/// Index building or compaction ran during the phase: work that competes with the requests for
/// Milvus's CPU without being any request's.
struct BackgroundWork: FindingRule {
    let name = "background-work"

    func findings(_ facts: PhaseFacts, in run: RunFacts) -> [Finding] {
        let builds = facts.stage("indexnode.build", nil)
        let compactions = facts.stage("datanode.compaction", nil)
        let indexTasks = facts.timeline("index_tasks")?.max ?? 0
        let running = facts.timeline("compactions")?.max ?? 0
        guard (builds?.count ?? 0) > 0 || (compactions?.count ?? 0) > 0 || indexTasks > 0 || running > 0 else {
            return []
        }
        var parts: [String] = []
        var evidence: [Finding.Evidence] = []
        if let builds, builds.count > 0 {
            parts.append(
                "the index node built \(count(builds.count)) segment index\(builds.count == 1 ? "" : "es")"
                    + (builds.mean.map { " (\(ms($0 / 1000)) s each)" } ?? ""))
            evidence.append(.init("index builds", builds.count, ""))
        } else if indexTasks > 0 {
            parts.append(
                indexTasks == 1 ? "an index task was in progress" : "up to \(count(indexTasks)) index tasks were in progress")
        }
        if let compactions, compactions.count > 0 {
            parts.append("\(count(compactions.count)) compaction\(compactions.count == 1 ? "" : "s") ran")
            evidence.append(.init("compactions", compactions.count, ""))
        } else if running > 0 {
            parts.append(running == 1 ? "a compaction was executing" : "up to \(count(running)) compactions were executing")
        }
        evidence.append(.init("index tasks (most at once)", indexTasks, ""))
        // Milvus's CPU in the seconds the work ran against the others: what it took.
        let seconds = facts.phase.server?.timeline ?? []
        let busy = seconds.filter { ($0.values["index_tasks"] ?? 0) > 0 || ($0.values["compactions"] ?? 0) > 0 }
            .compactMap { $0.values["cpu_cores"] }
        let quiet = seconds.filter { ($0.values["index_tasks"] ?? 0) == 0 && ($0.values["compactions"] ?? 0) == 0 }
            .compactMap { $0.values["cpu_cores"] }
        var statement = "Background work ran beside the load: " + parts.joined(separator: "; ")
        var partial: String? = "no second without it to compare Milvus's CPU with"
        if !busy.isEmpty, !quiet.isEmpty {
            let a = busy.reduce(0, +) / Double(busy.count)
            let b = quiet.reduce(0, +) / Double(quiet.count)
            statement += "; Milvus used \(cores(a)) cores in those seconds against \(cores(b)) in the others"
            if a > b { statement += " (about \(percent((a - b) / a)) of its CPU went to it)" }
            evidence += [.init("Milvus CPU while it ran", a, "cores"), .init("Milvus CPU otherwise", b, "cores")]
            partial = nil
        }
        return [
            Finding(
                rule: name, phase: facts.name, operation: nil, statement: statement, evidence: evidence, share: nil,
                action: "let index building and compaction finish before measuring, or measure them as part of the load on purpose",
                partial: partial)
        ]
    }
}
