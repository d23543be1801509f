import Foundation
import Testing

extension RunAgainstMilvusTests {
    /// The scenario the tested repository holds: 300 rows, 3 s of searches; a threshold that holds,
    /// and with `crossing` one that cannot.
    static func ciScenario(crossing: Bool = false) -> String {
        """
        name: it-ci
        collection: { dim: 16 }
        dataset: { seed: 1, preload: 300 }
        tracing: { enabled: false }
        thresholds:
          search.p99_ms: "< 10000"\(crossing ? "\n  search.p50_ms: \"< 0.001\"" : "")
        phases:
          - { name: search, duration: 3s, workers: 2, mix: search }
        """
    }

    /// examples/ci/github-actions.yml as GitHub runs it, every `run:` step in order against the
    /// embedded Milvus: two pushes to main keep their reports; a pull request whose run crosses a
    /// threshold is compared with both, its diff posted as a comment and added to the job
    /// summary after the run's headline, its report uploaded, and its job fails at the verdict.
    @Test func theGitHubWorkflowGatesAPullRequestOnTheDefaultBranchsLastRuns() throws {
        let workflow = try CIWorkflow()
        let machine = try CIMachine()
        let scenario = try #require(workflow.env.first { $0.key == "SCENARIO" }?.value)
        let onAPullRequest = [
            "Fetch the default branch's last runs", "Compare with the default branch", "Comment on the pull request",
        ]
        machine.files = [scenario: Self.ciScenario()]
        for runID in [101, 102] {
            let push = CIJob(workflow, on: machine, event: "push", runID: runID)
            try push.run()
            #expect(!push.failed, "\(CIWorkflowTests.describe(push))")
            #expect(push.results.filter { $0.outcome == .skipped }.map(\.name) == CIWorkflowTests.builtOnAMiss + onAPullRequest)
            #expect(push.summary.hasPrefix("## traceload: it-ci\n") && push.summary.contains("All 2 thresholds hold."))
            #expect(FileManager.default.fileExists(atPath: machine.artifact(runID) + "/junit.xml"))
        }
        machine.files = [scenario: Self.ciScenario(crossing: true)]
        let pull = CIJob(workflow, on: machine, event: "pull_request", runID: 201)
        try pull.run()
        let log = CIWorkflowTests.describe(pull)
        #expect(pull.outputs["run"] == ["status": "4", "measured": "true"], "\(log)")
        #expect(pull.results.filter { $0.outcome != .success }.map(\.name) == CIWorkflowTests.builtOnAMiss + ["Verdict"], "\(log)")
        let verdict = try #require(pull.result("Verdict"))
        #expect(verdict.outcome == .failure(1) && verdict.output.contains("::error::traceload run: a threshold was crossed (exit 4)"))
        // The diff's own exit is the noise's to decide; the verdict follows it.
        let diffStatus = try #require(pull.outputs["diff"]?["status"])
        #expect(["0", "5"].contains(diffStatus) && verdict.output.contains("(exit 5)") == (diffStatus == "5"), "\(log)")
        #expect(machine.ghLog.contains("gh run download 102 ") && machine.ghLog.contains("gh run download 101 "))
        let comment = try #require(machine.posted.first)
        #expect(machine.posted.count == 1 && comment.hasPrefix("Between-run noise from 2 base runs"), "\(comment)")
        #expect(comment.contains("| search | search | p99_ms |"))
        // The job summary: the run's headline and findings, then the diff.
        #expect(pull.summary.hasPrefix("## traceload: it-ci\n"))
        #expect(pull.summary.contains("**1 threshold crossed:** `search.p50_ms`") && pull.summary.hasSuffix(comment), "\(pull.summary)")
        // The uploaded report: JUnit cases named as in main's runs, and the diff as JSON.
        let names = { (runID: Int) throws -> Set<String> in
            let junit = try String(contentsOfFile: machine.artifact(runID) + "/junit.xml", encoding: .utf8)
            return Set(junit.components(separatedBy: "<testcase ").dropFirst().compactMap { $0.split(separator: "\"").dropFirst(3).first.map(String.init) })
        }
        #expect(try names(101) == ["search.p99_ms", "search.errors"] && names(201) == names(101).union(["search.p50_ms"]))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: machine.artifact(201) + "/diff.json"))) as? [String: Any]
        let figures = try #require(json?["figures"] as? [[String: Any]])
        #expect(json?["baseRuns"] as? Int == 2 && !figures.isEmpty)
        #expect(figures.allSatisfy { $0["noiseFrom"] as? String == "between 2 base runs" && $0["verdict"] != nil })
    }
}
