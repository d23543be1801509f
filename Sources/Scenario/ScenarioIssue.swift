/// One mistake in a scenario file, located so that an editor can jump to it.
package struct ScenarioIssue: Error, Sendable, Equatable, CustomStringConvertible {
    package var file: String
    package var line: Int
    package var column: Int
    /// Dotted path of the field, e.g. `phases[1].search.topk`.
    package var field: String
    package var message: String

    package init(file: String, line: Int, column: Int, field: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    package var description: String {
        if line > ScenarioOverride.lineBase {
            return "\(file) (--set #\(line - ScenarioOverride.lineBase)): \(field): \(message)"
        }
        return "\(file):\(line):\(column): \(field): \(message)"
    }
}

/// Every mistake found in a scenario file, not just the first.
package struct ScenarioError: Error, Sendable, CustomStringConvertible {
    package var issues: [ScenarioIssue]
    package init(issues: [ScenarioIssue]) { self.issues = issues }
    package var description: String { issues.map(\.description).joined(separator: "\n") }
}
