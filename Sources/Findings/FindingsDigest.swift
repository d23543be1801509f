/// What summary.md and report.html lead with: the few findings that explain the most latency,
/// identical ones across phases and operations merged into one that names them all; the caveats
/// on figures that contradict the tables; one line for each cause looked for and ruled out.
/// findings.csv keeps every finding as it is.
package struct FindingsDigest: Sendable, Equatable {
    package var lead: [Finding]
    /// Merged findings beyond the lead, left to findings.csv.
    package var more: Int
    package var caveats: [Finding]
    package var ruledOut: [Finding]

    /// How many findings lead: the ones a reader acts on; the rest are in findings.csv.
    package static let leading = 5

    package init(_ findings: [Finding], leading: Int = FindingsDigest.leading) {
        let merged = Self.merged(findings)
        let causes = merged.filter { $0.status == .finding }
        lead = Array(causes.prefix(leading))
        more = max(0, causes.count - leading)
        caveats = merged.filter { $0.status == .caveat }
        ruledOut = merged.filter { $0.status == .ruledOut }
    }

    /// Findings of one rule and one cause (and standing) are one finding, whatever the phase or
    /// operation and whatever their figures (advice carries numbers: "about 4 workers"): its
    /// figures are those of the one that explains most (or rests on the most evidence), its scope
    /// names every phase and operation with each one's share.
    static func merged(_ findings: [Finding]) -> [Finding] {
        var groups: [[Finding]] = []
        var index: [String: Int] = [:]
        for finding in findings {
            let key = [finding.rule, finding.cause, finding.status.rawValue, "\(finding.questionsTheMeasurement)"]
                .joined(separator: "\u{1}")
            if let at = index[key] {
                groups[at].append(finding)
            } else {
                index[key] = groups.count
                groups.append([finding])
            }
        }
        let merged = groups.map { group -> Finding in
            guard group.count > 1 else { return group[0] }
            var lead = group.enumerated().max { a, b in
                let (x, y) = (a.element.explained ?? -1, b.element.explained ?? -1)
                if x != y { return x < y }
                if (a.element.partial == nil) != (b.element.partial == nil) { return a.element.partial != nil }
                return a.offset > b.offset
            }!.element
            lead.phase = scopes(group)
            lead.operation = nil
            return lead
        }
        return Findings.order(merged)
    }

    /// "insert, search and mixed", or "search/search ~29% and mixed/search ~24%": each with its
    /// own share, the merged finding's being the largest of them.
    static func scopes(_ group: [Finding]) -> String {
        var names: [String] = []
        for finding in group {
            var name = [finding.phase, finding.operation].compactMap { $0 }.joined(separator: "/")
            if let share = finding.share { name += " ~" + percent(share) }
            if !names.contains(name) { names.append(name) }
        }
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}
