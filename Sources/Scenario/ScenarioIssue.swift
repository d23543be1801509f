/// One mistake in a scenario file, located so that an editor can jump to it.
public struct ScenarioIssue: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    /// Dotted path of the field, e.g. `phases[1].search.topk`.
    public var field: String
    public var message: String

    public init(file: String, line: Int, column: Int, field: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    public var description: String {
        if line > ScenarioOverride.lineBase {
            return "\(file) (--set #\(line - ScenarioOverride.lineBase)): \(field): \(message)"
        }
        return "\(file):\(line):\(column): \(field): \(message)"
    }
}

/// Every mistake found in a scenario file, not just the first.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var issues: [ScenarioIssue]
    public init(issues: [ScenarioIssue]) { self.issues = issues }
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
