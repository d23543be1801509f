import Foundation
import Testing
import Yams

/// examples/ci/github-actions.yml as data: its workflow-level `env`, and its one job's steps with
/// their `if:`, `env:`, `with:`, and `run:` or `uses:`. `CIJob` runs them as GitHub Actions would.
struct CIWorkflow {
    struct Step {
        var name: String
        var id: String?
        var condition: String?
        var uses: String?
        var run: String?
        var env: [(key: String, value: String)]
        var with: [String: String]
    }

    static let path = CLIHarness.packageRoot.appendingPathComponent("examples/ci/github-actions.yml").path

    var name: String
    var env: [(key: String, value: String)]
    var steps: [Step]

    init(path: String = Self.path) throws {
        let root = try #require(try Yams.compose(yaml: try String(contentsOfFile: path, encoding: .utf8)))
        name = try #require(root["name"]?.string)
        env = Self.pairs(root["env"])
        // The runner's own bash invocation (`bash --noprofile --norc -eo pipefail`) is what CIJob uses.
        #expect(root["defaults"]?["run"]?["shell"]?.string == "bash", "the workflow's steps should run in bash")
        let jobs = try #require(root["jobs"]?.mapping)
        #expect(jobs.count == 1, "CIJob runs one job")
        let job = try #require(jobs.first?.value)
        steps = (job["steps"]?.sequence ?? []).map { node in
            Step(
                name: node["name"]?.string ?? node["uses"]?.string ?? "", id: node["id"]?.string,
                condition: node["if"]?.string, uses: node["uses"]?.string, run: node["run"]?.string,
                env: Self.pairs(node["env"]), with: Dictionary(uniqueKeysWithValues: Self.pairs(node["with"]).map { ($0.key, $0.value) }))
        }
    }

    static func pairs(_ node: Node?) -> [(key: String, value: String)] {
        node?.mapping?.map { (key: $0.key.string ?? "", value: $0.value.string ?? "") } ?? []
    }
}
