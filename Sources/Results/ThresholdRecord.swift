import Scenario

/// A threshold as run.json stores it: `search.p99_ms < 50`, `insert.errors < 0.1%`,
/// `search.component.querynode.p99_ms < 20`, `search.stage.querynode.queue.mean_ms < 20`.
package struct ThresholdRecord: Codable, Sendable, Equatable {
    package var key: String
    package var operation: String
    package var component: String?
    package var stage: String?
    package var metric: FigureName
    /// `<`, `<=`, `>` or `>=`.
    package var comparison: String
    package var value: Double
    /// `errors: "< 0.1%"`: a rate in percent rather than a count.
    package var percent: Bool
    /// Set when the scenario did not name this threshold: the error-rate gate on by default.
    package var isDefault: Bool?

    package var condition: String {
        let number = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        return "\(comparison) \(number)\(percent ? "%" : "")"
    }

    package func holds(for actual: Double) -> Bool {
        switch comparison {
        case "<": actual < value
        case "<=": actual <= value
        case ">": actual > value
        default: actual >= value
        }
    }
}
