/// A rule that turns a phase's figures into a finding, or stays silent when its evidence is
/// absent. Its thresholds are its stored properties: data, which a test or a user can change.
protocol FindingRule: Sendable {
    var name: String { get }
    func findings(_ phase: PhaseFacts, in run: RunFacts) -> [Finding]
}

/// What rules that look across phases need: every measured phase, in order.
struct RunFacts {
    let phases: [PhaseFacts]
}
