import Foundation
import Testing

@Suite struct ValidateCommandTests {
    @Test func rejectsABadScenarioListingEveryMistake() throws {
        let dir = CLIHarness.temporaryDirectory("validate")
        let path = dir + "/bad.yaml"
        try """
        collection:
          dim: 0
        phases:
          - duration: 1s
            mix: serch
            workrs: 3
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLIHarness.run(["validate", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(path):2:8: collection.dim: expected a whole number from 2 to 32768, found 0"))
        #expect(result.stderr.contains("\(path):5:10: phases[0].mix:"))
        #expect(result.stderr.contains("\(path):6:5: phases[0].workrs: unknown key (did you mean 'workers'?)"))
        #expect(result.stderr.contains("3 mistakes"))

        let run = try CLIHarness.run(["run", path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("nothing was run"))
    }

    /// Issue 36: `tenant = 7` passed validate, then 6,644 requests failed for 50 s. It and a string
    /// against an int64 field are refused before anything runs, each at its filter's line and
    /// phase, with the column in the filter.
    @Test func refusesFiltersMilvusWouldRefuse() throws {
        let path = CLIHarness.temporaryDirectory("validate-filters") + "/filters.yaml"
        try """
        collection:
          dim: 8
          fields: [{ name: tenant, type: int64 }]
        phases:
          - requests: 10
            mix: search
            search: { filter: "tenant = 7" }
          - requests: 10
            mix: query
            query: { filter: 'tenant == "7"' }
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLIHarness.run(["validate", path])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                "\(path):7:23: phases[0].search.filter: \"tenant = 7\": at column 8, '=' is not an operator; use '=='"),
            "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "\(path):10:22: phases[1].query.filter: 'tenant == \"7\"': at column 11, tenant is int64; \"7\" is a string"),
            "\(result.stderr)")
        #expect(result.stderr.contains("2 mistakes"))
    }

    /// scenarios/ and the scenario the CI recipes run (examples/ci/search.yaml).
    @Test func acceptsTheShippedScenarios() throws {
        let scenarios = CLIHarness.packageRoot.appendingPathComponent("scenarios").path
        let files =
            try FileManager.default.contentsOfDirectory(atPath: scenarios).filter { $0.hasSuffix(".yaml") }.map {
                "\(scenarios)/\($0)"
            } + [CLIHarness.packageRoot.appendingPathComponent("examples/ci/search.yaml").path]
        #expect(files.count > 1)
        let result = try CLIHarness.run(["validate"] + files)
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// Exit 2 for every kind of bad input, as docs/reports.md's exit codes say (ArgumentParser's own is 64).
    @Test func badArgumentsGetUsageAndExit2() throws {
        let missing = try CLIHarness.run(["run"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("Usage"))
        #expect(try CLIHarness.run(["run", "scenarios/quickstart.yaml", "--bogus"]).status == 2)
        let directory = try CLIHarness.run(["run", "scenarios"])
        #expect(directory.status == 2 && directory.stderr.contains("is a directory"), "\(directory.stderr)")
        #expect(!directory.stderr.contains("NSCocoaErrorDomain"))
        let set = try CLIHarness.run(["validate", "scenarios/quickstart.yaml", "--set", "phases.search.workers=many"])
        #expect(set.status == 2 && set.stderr.contains("(--set #1): phases[2].workers"), "\(set.stderr)")
    }
}

@Suite struct AnalyzeCommandTests {
    static let fixtures = CLIHarness.packageRoot.appendingPathComponent("Tests/Fixtures/milvus-2.3.5").path

    @Test func analyzesAnotherClientsTraffic() throws {
        let out = CLIHarness.temporaryDirectory("analyze")
        let result = try CLIHarness.run([
            "analyze", "--traces", Self.fixtures + "/server-fraction-0-client-0.5.jsonl", "--out", out,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Search: 15 of 15 requests joined"))
        let rows = try readCSV(out + "/components.csv")
        #expect(rows.contains { $0["operation"] == "Search" && $0["component"] == "client+wire" })
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(summary.contains("Coverage: 15 of 15 sampled requests joined"))
    }

    @Test func explainsTracesThatNeverMet() throws {
        let out = CLIHarness.temporaryDirectory("analyze03")
        let result = try CLIHarness.run([
            "analyze", "--traces", Self.fixtures + "/client-flags-03-not-joined.jsonl", "--out", out,
        ])
        #expect(result.status == 0)
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(summary.contains("Coverage: 0 of 10 sampled requests joined"))
        #expect(summary.contains("flags are not exactly 01"))
    }

    @Test func saysWhichServicesExistWhenTheClientIsAbsent() throws {
        let result = try CLIHarness.run([
            "analyze", "--traces", Self.fixtures + "/server-fraction-1.jsonl", "--client-service", "nobody",
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("services there: milvus-client, standalone"))
    }
}
