/// The query node merged concurrent searches into one task: fewer, larger segcore calls; and a
/// merged task's segcore spans appear under the trace of the request that led it only.
struct MergedSearches: FindingRule {
    let name = "merged-searches"
    /// Sub-searches per task above which merging is worth saying.
    var minimumGroup = 1.2

    func findings(_ facts: PhaseFacts, in run: RunFacts) -> [Finding] {
        guard let groups = facts.stage("querynode.search_group_size", "search"), groups.count > 0 else { return [] }
        let searches = groups.histogram.sum
        let size = searches / groups.count
        guard size >= minimumGroup else { return [] }
        var statement =
            "The query node merged \(count(searches)) sub-searches into \(count(groups.count)) tasks (\(String(format: "%.1f", size)) a task)"
        var evidence = [
            Finding.Evidence("sub-searches", searches, ""), Finding.Evidence("merged tasks", groups.count, ""),
        ]
        if let breakdown = facts.breakdown("search"),
            let lacking = breakdown.coverage.missing?.first(where: { $0.component == "segcore" })
        {
            statement +=
                ": a merged task's segcore work is traced under the request that led it only, so \(lacking.lacking) of \(breakdown.coverage.joined) search traces lack \(lacking.name) and show that time as untraced"
                + (lacking.parent.map { " inside \($0)" } ?? "")
            evidence.append(.init("traces without \(lacking.name)", Double(lacking.lacking), ""))
        }
        return [
            Finding(
                rule: name, phase: facts.name, operation: "search", statement: statement, evidence: evidence, share: nil,
                action: "read the complete traces' table for segcore's time per request, or trace at lower concurrency",
                partial: nil)
        ]
    }
}
