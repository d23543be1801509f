import Yams

/// `--set KEY=VALUE` on the command line: a value of the scenario file changed for one run, as
/// k6's `--vus`/`--duration` do, validated with the rest of the file. KEY is a path of the file's
/// keys; after `phases` comes a phase's name or its index (`phases.search.workers=16`,
/// `phases.0.duration=1m`, `tracing.sampleFraction=0.5`). VALUE is YAML (`16`, `30s`,
/// `{from: 10, to: 100}`).
package struct ScenarioOverride: Sendable, Equatable {
    package var path: [String]
    package var value: String
    package var text: String

    /// nil when `text` is not KEY=VALUE.
    package init?(_ text: String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { return nil }
        let key = text[..<equals].trimmingCharacters(in: .whitespaces)
        path = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !path.contains(where: \.isEmpty) else { return nil }
        // A threshold's key has dots of its own (`thresholds.search.p99_ms`): one key of the mapping.
        if path.first == "thresholds", path.count > 2 { path = ["thresholds", path.dropFirst().joined(separator: ".")] }
        value = String(text[text.index(after: equals)...])
        self.text = text
    }

    /// Lines from here on are not the file's: a value given with the n-th `--set` reads as being
    /// on line `lineBase + n`, so that a mistake in it is reported as the `--set`'s, not the file's.
    package static let lineBase = 10_000_000

    /// `root` with the value set; the error says what in the path did not fit.
    func apply(to root: Node, index: Int) throws -> Node {
        let replacement: Node
        do {
            replacement =
                try Yams.compose(yaml: String(repeating: "\n", count: Self.lineBase + index) + value) ?? Node("")
        } catch {
            throw problem("the value is not valid YAML: \(value)")
        }
        return try set(replacement, at: path[...], in: root, parent: nil)
    }

    private func set(_ value: Node, at path: ArraySlice<String>, in node: Node, parent: String?) throws -> Node {
        guard let key = path.first else { return value }
        if parent == "phases", case .sequence(var phases) = node {
            let names = phases.map { $0.mapping?.first { $0.key.string == "name" }?.value.string ?? "" }
            guard let index = names.firstIndex(of: key) ?? Int(key).flatMap({ phases.indices.contains($0) ? $0 : nil })
            else {
                throw problem(
                    "no phase named '\(key)'; phases: \(names.joined(separator: ", "))\(suggestion(for: key, among: names))"
                )
            }
            phases[index] = try set(value, at: path.dropFirst(), in: phases[index], parent: key)
            return .sequence(phases)
        }
        guard case .mapping(var mapping) = node else {
            throw problem("\(parent.map { "'\($0)'" } ?? "the scenario") is not a mapping, so it has no key '\(key)'")
        }
        let child = mapping[Node(key)] ?? .mapping(Node.Mapping([]))
        mapping[Node(key)] = try set(value, at: path.dropFirst(), in: child, parent: key)
        return .mapping(mapping)
    }

    func problem(_ message: String) -> ScenarioError {
        ScenarioError(issues: [
            ScenarioIssue(file: "--set", line: 1, column: 1, field: path.joined(separator: "."), message: message)
        ])
    }
}
