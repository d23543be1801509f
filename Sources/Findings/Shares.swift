/// Shares that add up: after every rule has spoken, a cause that lies inside another finding's
/// time (the read queue inside the untraced wait for the query node) is taken out of that
/// finding's share, so each counts its own part; and an operation's shares together never exceed
/// the whole of its latency.
enum Shares {
    static func settle(_ findings: [Finding]) -> [Finding] {
        var settled = findings
        for inner in findings where inner.status == .finding && !inner.within.isEmpty {
            guard let whole = inner.share, whole > 0 else { continue }
            for index in settled.indices {
                let outer = settled[index]
                guard outer.status == .finding, outer.phase == inner.phase, outer.operation == inner.operation,
                    inner.within.contains(outer.rule), let outerShare = outer.share
                else { continue }
                // Only the part of the inner cause that lies in the outer one's time: all of it for a
                // wait, its growth since the earlier phase for useless concurrency.
                let grown = inner.withinShare[outer.rule]
                let part = min(whole, grown ?? whole)
                guard part > 0 else { continue }
                let rest = max(0, outerShare - part)
                settled[index].share = rest
                settled[index].statement +=
                    "; \(label(inner, grown: grown != nil)) (\(percent(part)) of the latency) is a finding of its own, so this one counts the other \(percent(rest))"
            }
        }
        return capped(settled)
    }

    /// Larger shares first; a later one that would take an operation's total above 1 keeps what is
    /// left, and says so.
    static func capped(_ findings: [Finding]) -> [Finding] {
        var total: [String: Double] = [:]
        var result = findings
        let order = findings.indices.filter { findings[$0].status == .finding && findings[$0].share != nil }
            .sorted { findings[$0].share! > findings[$1].share! }
        for index in order {
            guard let operation = result[index].operation, let share = result[index].share else { continue }
            let key = result[index].phase + "/" + operation
            let left = max(0, 1 - (total[key] ?? 0))
            if share > left {
                result[index].share = left
                let note = "with the operation's larger findings it would pass 100% of the latency: it is given what they leave"
                result[index].partial = result[index].partial.map { $0 + "; " + note } ?? note
            }
            total[key, default: 0] += result[index].share ?? 0
        }
        return result
    }

    static func label(_ finding: Finding, grown: Bool = false) -> String {
        switch (finding.rule, grown) {
        case ("queue-saturation", false): "the read queue's part"
        case ("queue-saturation", true): "what the read queue grew by since then"
        case (_, false): "the \(finding.rule) part"
        case (_, true): "what the \(finding.rule) part grew by since then"
        }
    }
}
