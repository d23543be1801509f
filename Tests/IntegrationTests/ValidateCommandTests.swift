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

    @Test func acceptsTheShippedScenarios() throws {
        let scenarios = CLIHarness.packageRoot.appendingPathComponent("scenarios").path
        let files = try FileManager.default.contentsOfDirectory(atPath: scenarios).filter { $0.hasSuffix(".yaml") }.map { "\(scenarios)/\($0)" }
        #expect(!files.isEmpty)
        let result = try CLIHarness.run(["validate"] + files)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func badArgumentsGetUsage() throws {
        let result = try CLIHarness.run(["run"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("Usage"))
    }
}
