import Foundation
import Testing

/// `traceload diff` as CI calls it, on recorded runs (Tests/Fixtures/runs/findings) and on runs
/// against a null Milvus: what docs/comparing.md says about its arguments, its first line and its exits.
@Suite struct DiffCommandTests {
    static func fixture(_ name: String) -> String {
        CLIHarness.packageRoot.appendingPathComponent("Tests/Fixtures/runs/findings/\(name)").path
    }

    /// "Runs of different scenarios are compared, and the settings they differ in listed; runs with
    /// no phase and operation in common are refused (exit 2)."
    @Test func runsOfDifferentScenariosAreComparedAndRunsWithNothingInCommonRefused() throws {
        let other = try CLIHarness.run(["diff", Self.fixture("one-worker"), Self.fixture("quickstart")])
        #expect(other.status == 0, "\(other.stderr)")
        #expect(other.stdout.contains("The runs differ in") && other.stdout.contains("| search | search | p50_ms |"))
        let nothing = try CLIHarness.run(["diff", Self.fixture("one-worker"), Self.fixture("more-workers")])
        #expect(nothing.status == 2 && nothing.stderr.contains("measured different things"), "\(nothing.stderr)")
    }

    /// "Without --between-run-noise, nothing is gated: --fail-on-regression exits 0 and says why";
    /// with it, the stated allowance decides.
    @Test func oneBaseRunGatesOnlyOnAStatedAllowance() throws {
        let (base, new) = (Self.fixture("quickstart"), Self.fixture("busy-machine"))
        let plain = try CLIHarness.run(["diff", base, new, "--fail-on-regression", "10%"])
        #expect(plain.status == 0 && plain.stdout.hasPrefix("Between-run noise is unknown (one base run)"))
        #expect(plain.stderr.contains("--fail-on-regression not applied"), "\(plain.stderr)")
        // The busy machine made the quickstart's searches far slower than 8% between runs explains.
        let allowed = try CLIHarness.run(["diff", base, new, "--fail-on-regression", "10%", "--between-run-noise", "8%"])
        #expect(allowed.status == 5 && allowed.stderr.contains("got worse"), "\(allowed.stderr)")
        // A run against itself is within any allowance.
        let same = try CLIHarness.run(["diff", base, base, "--fail-on-regression", "10%", "--between-run-noise", "8%"])
        #expect(same.status == 0 && same.stdout.contains("No gated figure got worse"), "\(same.stderr)")
    }

    /// `--format json`: the same diff, as JSON, with the same exit; a format it does not know is bad input.
    @Test func jsonIsTheSameDiffWithTheSameExit() throws {
        let (base, new) = (Self.fixture("quickstart"), Self.fixture("busy-machine"))
        let gate = ["--fail-on-regression", "10%", "--between-run-noise", "8%"]
        let json = try CLIHarness.run(["diff", base, new, "--format", "json"] + gate)
        let markdown = try CLIHarness.run(["diff", base, new] + gate)
        #expect(json.status == 5 && markdown.status == 5, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let regressions = try #require(object?["regressions"] as? [String])
        #expect(!regressions.isEmpty && regressions.allSatisfy { markdown.stderr.contains($0) }, "\(regressions)")
        #expect(json.stderr == markdown.stderr)
        let bad = try CLIHarness.run(["diff", base, new, "--format", "yaml"])
        #expect(bad.status == 2 && bad.stderr.contains("--format: expected markdown or json, found 'yaml'"), "\(bad.stderr)")
    }

    /// "traceload diff main-runs/ pr/run": a folder of run folders is several base runs; the last
    /// argument is the new run and must be one.
    @Test func aFolderHoldsSeveralBaseRunsAndTheLastArgumentIsTheNewRun() throws {
        let dir = CLIHarness.temporaryDirectory("diff-bases")
        let bases = dir + "/main"
        try FileManager.default.createDirectory(atPath: bases, withIntermediateDirectories: true)
        for name in ["a", "b", "c"] {
            try FileManager.default.copyItem(atPath: Self.fixture("quickstart"), toPath: bases + "/" + name)
        }
        let result = try CLIHarness.run(["diff", bases, Self.fixture("quickstart")])
        #expect(result.status == 0 && result.stdout.hasPrefix("Between-run noise from 3 base runs"), "\(result.stderr)")
        let folderLast = try CLIHarness.run(["diff", Self.fixture("quickstart"), bases])
        #expect(folderLast.status == 2 && folderLast.stderr.contains("must be one run"), "\(folderLast.stderr)")
    }

    /// Two `run --repeat 3` runs of a three-phase scenario: every phase's figures are measured
    /// against the spread between its rounds.
    @Test func everyPhaseOfRepeatedRunsHasItsNoiseBetweenRounds() throws {
        let dir = CLIHarness.temporaryDirectory("diff-repeat")
        let (server, _) = try nullMilvusScenario(in: dir)
        defer { server.stop() }
        let port = try #require(server.stdout.split(separator: ":").last.flatMap { Int($0.filter(\.isNumber)) })
        let scenario = try CLIHarness.writeScenario(
            in: dir,
            """
            name: it-diff-repeat
            milvus: { uri: "http://127.0.0.1:\(port)" }
            collection: { dim: 16 }
            tracing: { enabled: false }
            phases:
              - { name: one, duration: 1s, workers: 2, mix: search }
              - { name: two, duration: 1s, workers: 2, mix: search }
              - { name: three, duration: 1s, workers: 2, mix: search }
            """)
        for name in ["base", "new"] {
            let run = try CLIHarness.run(["run", scenario, "--repeat", "3", "--out", dir + "/" + name])
            #expect(run.status == 0, "\(run.stderr.suffix(600))")
        }
        let diff = try CLIHarness.run(["diff", dir + "/base", dir + "/new", "--between-run-noise", "0%"])
        #expect(diff.status == 0, "\(diff.stderr)")
        for phase in ["one", "two", "three"] {
            let rows = diff.stdout.split(separator: "\n").filter { $0.hasPrefix("| \(phase) | search |") }
            #expect(rows.count >= 5 && rows.allSatisfy { $0.contains("| rounds |") }, "\(rows)")
        }
    }
}
