import Results

/// The slowest 1% differ from the median requests by one component: the tail has one cause, and
/// it is waiting (untraced) or work.
struct TailComponent: FindingRule {
    let name = "tail"
    /// One component holding at least this share of the difference is "by one component".
    var dominantShare = 0.5
    /// A difference smaller than this (ms) is not worth a finding.
    var minimumDifferenceMs = 1.0
    /// Fewer slowest requests than this are what a few requests did, not a pattern: silent.
    var minimumRequests = 3

    func findings(_ facts: PhaseFacts, in run: RunFacts) -> [Finding] {
        facts.breakdowns.compactMap { breakdown -> Finding? in
            let differences = breakdown.tail.map { ($0, $0.slowestRequestsMs - $0.medianRequestMs) }
            let total = differences.map(\.1).filter { $0 > 0 }.reduce(0, +)
            guard total >= minimumDifferenceMs, let (row, top) = differences.max(by: { $0.1 < $1.1 }),
                top >= dominantShare * total
            else { return nil }
            let slowest = row.slowestCount ?? 0
            guard slowest == 0 || slowest >= minimumRequests else { return nil }
            var statement =
                "The slowest 1% of \(breakdown.operation) requests took \(ms(total)) ms more than the median ones, \(percent(top / total)) of it in \(row.component)"
            if let untraced = row.slowestUntracedMs, let median = row.medianUntracedMs, untraced - median >= 0.5 * top {
                statement += ", most of it waiting no span measures (\(ms(untraced - median)) ms more untraced)"
            }
            return Finding(
                rule: name, phase: facts.name, operation: breakdown.operation.lowercased(), statement: statement,
                evidence: [
                    .init("slowest 1% − median", total, "ms"), .init("of it in \(row.component)", top, "ms"),
                    .init("slowest requests", Double(slowest), ""),
                ], share: nil,
                action:
                    "what would tell more: the slowest requests' own traces (the section's slowest trace), and Milvus's logs and timeline for the seconds they ran",
                partial: slowest == 0 ? "a run recorded before the number of slowest requests was kept" : nil)
        }
    }
}
