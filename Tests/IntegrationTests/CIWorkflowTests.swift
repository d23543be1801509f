import Foundation
import Testing

/// examples/ci/github-actions.yml after its run step, on recorded runs (Tests/Fixtures/runs/
/// findings) and without Milvus: how a pull request's job uses the default branch's history, what
/// it comments, and when it fails. The whole job against the embedded Milvus is
/// RunAgainstMilvusTests.theGitHubWorkflowGatesAPullRequestOnTheDefaultBranchsLastRuns.
@Suite struct CIWorkflowTests {
    static func fixture(_ name: String) -> String {
        CLIHarness.packageRoot.appendingPathComponent("Tests/Fixtures/runs/findings/\(name)").path
    }

    /// The steps from the cache on, but for the build (skipped on a cache hit) and the run itself.
    static let afterTheRun: Set<String> = [
        "Restore traceload and the embedded Milvus", "Install the embedded Milvus", "Fetch the default branch's last runs",
        "Compare with the default branch", "Comment on the pull request", "Upload the report", "Verdict",
    ]

    /// The steps that run only when the cache missed.
    static let builtOnAMiss = ["Install Swift", "Build traceload", "Save traceload and the embedded Milvus"]

    /// A pull request whose run measured `new` (exit 0), after pushes to main that left `bases`.
    static func pullRequest(new: String, bases: [String], expired: [Int] = [], env: [String: String] = [:]) throws
        -> (CIJob, CIMachine)
    {
        let machine = try CIMachine()
        for runID in expired {
            try FileManager.default.createDirectory(atPath: machine.runs + "/\(runID)", withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: machine.runs + "/\(runID)/.success", contents: nil)
        }
        for (index, base) in bases.enumerated() {
            try FileManager.default.createDirectory(atPath: machine.runs + "/\(101 + index)", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: fixture(base), toPath: machine.artifact(101 + index))
            _ = FileManager.default.createFile(atPath: machine.runs + "/\(101 + index)/.success", contents: nil)
        }
        let job = CIJob(try CIWorkflow(), on: machine, event: "pull_request", runID: 201, env: env)
        try FileManager.default.copyItem(atPath: fixture(new), toPath: job.temp + "/traceload-report")
        job.outputs["run"] = ["status": "0", "measured": "true"]
        try job.run(only: afterTheRun)
        return (job, machine)
    }

    static func describe(_ job: CIJob) -> String {
        job.results.map { "\($0.name): \($0.outcome)\n\($0.output.suffix(600))" }.joined(separator: "\n")
    }

    /// One run of main with an allowance stated (BETWEEN_RUN_NOISE 8%): the busy machine's
    /// searches are a regression beyond it (diff exits 5). The comment is posted and the report
    /// uploaded first; then the verdict fails the job.
    @Test func aRegressionBeyondTheNoiseFailsTheJobAfterTheCommentAndTheUpload() throws {
        let (job, machine) = try Self.pullRequest(new: "busy-machine", bases: ["quickstart"], env: ["BETWEEN_RUN_NOISE": "8%"])
        #expect(job.outputs["diff"]?["status"] == "5", "\(Self.describe(job))")
        #expect(job.results.filter { $0.outcome != .success }.map(\.name) == ["Verdict"], "\(Self.describe(job))")
        #expect(job.result("Verdict")?.outcome == .failure(1))
        #expect(job.result("Verdict")?.output.contains("::error::traceload diff: a gated figure got worse by more than 10% beyond its noise (exit 5)") == true)
        let comment = try #require(machine.posted.first)
        #expect(machine.posted.count == 1 && comment.hasPrefix("Between-run noise is unknown (one base run): gating on the stated allowance of ±8.0%"))
        #expect(comment.contains("⚠️ worse") && job.summary.contains(comment))
        #expect(machine.ghLog.contains("gh pr comment 7 --repo example/app --body-file \(job.temp)/diff.md"), "\(machine.ghLog)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: machine.artifact(201) + "/diff.json"))) as? [String: Any]
        #expect((json?["regressions"] as? [String])?.isEmpty == false && json?["baseRuns"] as? Int == 1)
    }

    /// One run of main and no allowance: the diff is reported, not gated, and says why first. An
    /// older run whose artifact expired is passed over with a warning.
    @Test func oneRunOfMainIsReportedWithoutGating() throws {
        let (job, machine) = try Self.pullRequest(new: "busy-machine", bases: ["quickstart"], expired: [99])
        #expect(!job.failed && job.outputs["diff"]?["status"] == "0", "\(Self.describe(job))")
        #expect(job.result("Fetch the default branch's last runs")?.output.contains("::warning::run 99 of main has no traceload-report artifact (expired?)") == true)
        #expect(machine.posted.first?.hasPrefix("Between-run noise is unknown (one base run): not gated") == true)
        #expect(machine.ghLog.contains("gh run list --repo example/app --workflow traceload --branch main --event push --status success --limit 5 --json databaseId --jq .[].databaseId"), "\(machine.ghLog)")
        #expect(machine.ghLog.contains("gh run download 101 --repo example/app --name traceload-report --dir \(job.temp)/traceload-bases/101"))
    }

    /// The first pull request, before any push to main kept a run: a comment saying so, no failure.
    @Test func withoutARunOfMainTheCommentSaysSo() throws {
        let (job, machine) = try Self.pullRequest(new: "quickstart", bases: [])
        #expect(!job.failed, "\(Self.describe(job))")
        #expect(machine.posted == ["traceload: no run of the default branch to compare with yet; each push to it keeps one.\n"])
        #expect(!FileManager.default.fileExists(atPath: machine.artifact(201) + "/diff.json"))
    }

    /// A repository's first job finds the cache empty: it uses the runner's Swift (6.2 or later;
    /// swiftly only without one), builds traceload and keeps it, and saves the cache before the
    /// run, so that a job failing later (a crossed threshold) still leaves it for the next. The
    /// next job restores it and builds nothing. (The embedded Milvus's install, between the build
    /// and the save, is left out here: the test against Milvus runs it.)
    @Test func aCacheMissBuildsTraceloadAndSavesItBeforeTheRun() throws {
        let machine = try CIMachine(warmCache: false)
        let workflow = try CIWorkflow()
        let names = workflow.steps.map(\.name)
        let save = try #require(names.firstIndex(of: "Save traceload and the embedded Milvus"))
        #expect(try #require(names.firstIndex(of: "Install the embedded Milvus")) < save)
        #expect(save < (try #require(names.firstIndex(of: "Run the scenario"))))
        let coldSteps: Set<String> = [
            "Check out traceload", "Restore traceload and the embedded Milvus", "Install Swift", "Build traceload",
            "Save traceload and the embedded Milvus",
        ]
        let cold = CIJob(workflow, on: machine, event: "push", runID: 101)
        try cold.run(only: coldSteps)
        #expect(cold.results.map(\.outcome) == Array(repeating: .success, count: 5), "\(Self.describe(cold))")
        #expect(cold.result("Install Swift")?.output.contains("Swift version 6.") == true, "\(Self.describe(cold))")
        #expect(cold.result("Build traceload")?.output.contains("Build of product 'traceload' complete!") == true)
        let saved = machine.cache + "/bin/traceload"
        let size = { (path: String) in (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil }
        let binary = try CLIHarness.binary
        #expect(FileManager.default.isExecutableFile(atPath: saved) && size(saved) == size(binary))
        let warm = CIJob(workflow, on: machine, event: "push", runID: 102)
        try warm.run(only: coldSteps)
        #expect(warm.results.filter { $0.outcome == .skipped }.map(\.name) == Self.builtOnAMiss, "\(Self.describe(warm))")
        #expect(FileManager.default.isExecutableFile(atPath: warm.home + "/.local/share/traceload/bin/traceload"))
    }

    /// The verdict, from the run's and the diff's exits: thresholds (4), a failed run (3), a regression (5).
    @Test func theVerdictFailsOnACrossedThresholdAFailedRunOrARegression() throws {
        let machine = try CIMachine()
        let workflow = try CIWorkflow()
        let cases: [(run: String, diff: String?, fails: String?)] = [
            ("0", nil, nil), ("0", "0", nil), ("4", "0", "a threshold was crossed (exit 4)"),
            ("3", nil, "traceload run failed (exit 3)"), ("0", "5", "got worse by more than 10% beyond its noise (exit 5)"),
        ]
        for (index, item) in cases.enumerated() {
            let job = CIJob(workflow, on: machine, event: "pull_request", runID: 300 + index)
            job.outputs["run"] = ["status": item.run]
            if let diff = item.diff { job.outputs["diff"] = ["status": diff] }
            try job.run(only: ["Verdict"])
            let verdict = try #require(job.result("Verdict"))
            #expect(verdict.outcome == (item.fails == nil ? .success : .failure(1)), "\(item): \(verdict.output)")
            #expect(item.fails.map { verdict.output.contains("::error::") && verdict.output.contains($0) } ?? true, "\(verdict.output)")
        }
    }
}
