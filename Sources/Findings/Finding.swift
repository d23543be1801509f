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

    /// The rule that drew it (`queue-saturation`, `growing-segments`, ...).
    package var rule: String
    package var phase: String
    /// nil for what concerns the whole phase.
    package var operation: String?
    package var statement: String
    package var evidence: [Evidence]
    /// The share (0…1) of the operation's mean latency the finding explains, when it can say.
    package var share: Double?
    /// What would change it.
    package var action: String?
    /// Set when part of the evidence was missing: what, and so how far the finding goes.
    package var partial: String?
    /// The measurement itself is in question (the machine was busy with other work): read before
    /// every other finding, so it comes first.
    package var questionsTheMeasurement = false
}
