import Foundation
import Yams

/// Reads scenario files: YAML in, a validated `Scenario` or every mistake out.
package enum ScenarioLoader {
    /// `overrides`: `--set` values, applied to the file before it is read (see `ScenarioOverride`).
    package static func load(path: String, overrides: [ScenarioOverride] = []) throws -> Scenario {
        let text: String
        func unreadable(_ why: String) -> ScenarioError {
            ScenarioError(issues: [ScenarioIssue(file: path, line: 1, column: 1, field: "(file)", message: why)])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw unreadable("no such file; expected a scenario file (YAML), e.g. scenarios/quickstart.yaml")
        }
        if isDirectory.boolValue {
            throw unreadable("is a directory; expected a scenario file (YAML) such as \(path)/quickstart.yaml")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw unreadable("cannot read the file (permission?)")
        }
        guard let decoded = String(data: data, encoding: .utf8) else {
            throw unreadable("is not UTF-8 text; expected a scenario file (YAML)")
        }
        text = decoded
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try decode(yaml: text, file: path, defaultName: base, overrides: overrides)
    }

    package static func decode(
        yaml: String, file: String, defaultName: String = "scenario", overrides: [ScenarioOverride] = []
    ) throws -> Scenario {
        let diagnostics = Diagnostics(file: file)
        var root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw ScenarioError(issues: [
                    ScenarioIssue(
                        file: file, line: 1, column: 1, field: "(document)",
                        message: "the file is empty; expected a scenario with collection and phases")
                ])
            }
            root = node
        } catch let error as YamlError {
            throw ScenarioError(issues: [syntaxIssue(error, file: file)])
        }
        for (index, override) in overrides.enumerated() { root = try override.apply(to: root, index: index) }
        var reader = ScenarioReader(diagnostics: diagnostics, defaultName: defaultName)
        reader.directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
        let scenario = reader.read(root)
        guard diagnostics.issues.isEmpty, let scenario else {
            throw ScenarioError(issues: diagnostics.issues.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        return scenario
    }

    static func syntaxIssue(_ error: YamlError, file: String) -> ScenarioIssue {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let where_ = context.map { " (\($0.text) at \($0.mark.line):\($0.mark.column))" } ?? ""
            return ScenarioIssue(
                file: file, line: mark.line, column: mark.column, field: "(syntax)",
                message: "not valid YAML: \(problem)\(where_)")
        default:
            return ScenarioIssue(file: file, line: 1, column: 1, field: "(syntax)", message: "not valid YAML: \(error)")
        }
    }
}
