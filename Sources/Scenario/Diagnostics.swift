import Foundation
import Yams

/// Collects issues while a scenario is read, so that one pass reports every mistake.
final class Diagnostics {
    let file: String
    private(set) var issues: [ScenarioIssue] = []

    init(file: String) { self.file = file }

    func report(_ node: Node?, _ field: String, _ message: String, fallback: Mark? = nil) {
        let mark = node?.mark ?? fallback
        issues.append(
            ScenarioIssue(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, field: field, message: message))
    }
}
