/// A conclusion drawn from a run's figures, for an operator to act on: what is the case, the
/// numbers it rests on, how much of the latency it explains, and what would change it.
package struct Finding: Sendable, Codable, Equatable {
    /// A number a finding rests on: `querynode.queue mean = 33.7 ms`.
    package struct Evidence: Sendable, Codable, Equatable {
        package var name: String
        package var value: Double
        package var unit: String

        package init(_ name: String, _ value: Double, _ unit: String) {
            self.name = name
            self.value = value
            self.unit = unit
        }
    }

    /// What a reader is to make of it: a cause, a cause looked for and ruled out, or a doubt on a
    /// figure (its numbers contradict the latency table, so it is not stated as a cause).
    package enum Status: String, Sendable, Codable {
        case finding
        case ruledOut = "ruled-out"
        case caveat
    }

    /// The rule that drew it (`queue-saturation`, `growing-segments`, ...).
    package var rule: String
    package var phase: String
    /// nil for what concerns the whole phase.
    package var operation: String?
    package var statement: String
    package var evidence: [Evidence]
    /// The share (0…1) of the operation's mean latency (the latency table's) that removing the
    /// cause would take off; disjoint from the shares of the operation's other findings, so that
    /// together they never exceed 1.
    package var share: Double?
    /// What would change it; for a finding without a remedy, what would tell more.
    package var action: String?
    /// Set when part of the evidence was missing: what, and so how far the finding goes.
    package var partial: String?
    /// The measurement itself is in question (the machine was busy with other work): read before
    /// every other finding, so it comes first.
    package var questionsTheMeasurement = false
    package var status = Status.finding
    /// Rules whose finding on the same operation holds this one's time inside its own (the read
    /// queue inside the untraced wait for the query node): that finding counts only the rest.
    package var within: [String] = []
    /// The share to take out of a finding named in `within` when it is not the whole of this one's:
    /// what the queue grew by since the earlier phase, for useless concurrency (whose share is the
    /// latency's growth, not the latency).
    package var withinShare: [String: Double] = [:]
    /// Which of its rule's causes this is (the query node saturated, or the queue's concurrency
    /// limit; the span a wait lies in), with no figures: findings of one rule and cause across
    /// phases and operations are one cause, merged into one finding that names them all.
    package var cause = ""
    /// The operation's mean latency (the latency table's, ms), so that findings of operations of
    /// different speeds rank by the milliseconds they explain, not by their shares.
    package var meanLatencyMs: Double?

    /// The milliseconds of the operation's mean latency it explains; its share when the mean is
    /// not known.
    var explained: Double? { share.map { $0 * (meanLatencyMs ?? 1) } }
}

extension Finding {
    /// A traced figure longer than the latency table's whole mean: the traced requests are not
    /// like the others, so it is a caveat, states no share, and says what would tell more.
    static func unlikeTheTable(
        rule: String, phase: String, operation: String, statement: String, evidence: [Evidence], cause: String
    ) -> Finding {
        Finding(
            rule: rule, phase: phase, operation: operation, statement: statement, evidence: evidence, share: nil,
            action: "what would tell more: more of the requests traced (tracing.sampleFraction)", partial: nil,
            status: .caveat, cause: cause)
    }
}
