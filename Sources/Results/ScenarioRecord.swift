/// The scenario a run ran, as run.json keeps it: what the reports read, in types of this module,
/// and every effective setting as `key.path → value` (what `diff` lists when two runs differ).
/// A field renamed in the scenario's own types changes only the settings' keys, never what a
/// report reads.
package struct ScenarioRecord: Codable, Sendable, Equatable {
    package struct Collection: Codable, Sendable, Equatable {
        package var name: String
        package var dim: Int
        package var metric: String
        package var indexType: String
        package var preloadRows: Int
    }

    /// A phase as planned (the run may have stopped before it).
    package struct PhasePlan: Codable, Sendable, Equatable {
        package var name: String
        package var warmup: Bool
    }

    package var name: String
    package var collection: Collection
    package var phases: [PhasePlan]
    package var thresholds: [ThresholdRecord]
    /// The client spans' service, the scenario's own span → component rules and the late-span
    /// quiet period: what correlating the run again needs.
    package var serviceName: String
    package var componentRules: [ComponentRuleRecord]
    package var quietSeconds: Double
    /// Every effective setting after overrides: `phases.search.search.params.ef → 128`.
    package var settings: [String: String]
}

/// A span → component rule as run.json stores it.
package struct ComponentRuleRecord: Codable, Sendable, Equatable {
    package var service: String?
    package var scope: String?
    package var prefix: String?
    package var suffix: String?
    package var kind: String?
    package var component: String
}
