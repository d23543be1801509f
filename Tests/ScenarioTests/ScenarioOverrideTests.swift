import Testing

@testable import Scenario

/// `--set KEY=VALUE`: k6's `--vus`/`--duration`, for any value, validated like the file.
@Suite struct ScenarioOverrideTests {
    static let yaml = """
        collection: {dim: 8}
        phases:
          - {name: warm, duration: 1s, mix: search, warmup: true}
          - {name: search, duration: 10s, workers: 4, mix: search}
        """

    static func load(_ sets: [String]) throws -> Scenario {
        try ScenarioLoader.decode(yaml: yaml, file: "s.yaml", overrides: sets.map { ScenarioOverride($0)! })
    }

    @Test func changesAPhaseByNameOrIndexAndAnyOtherKey() throws {
        let scenario = try Self.load([
            "phases.search.workers=16", "phases.1.duration=2m", "tracing.sampleFraction=0.5",
            "phases.search.rate={from: 10, to: 20}",
        ])
        #expect(scenario.phases[1].workers == 16)
        #expect(scenario.phases[1].length == .duration(seconds: 120))
        #expect(scenario.phases[1].rate == ArrivalRate(start: 10, end: 20))
        #expect(scenario.tracing.sampleFraction == 0.5)
    }

    @Test func aBadValueIsReportedAsTheOverridesNotTheFiles() {
        do {
            _ = try Self.load(["phases.search.workers=many"])
            Issue.record("accepted workers=many")
        } catch let error as ScenarioError {
            #expect(
                error.issues.map(\.description) == [
                    "s.yaml (--set #1): phases[1].workers: expected a whole number from 1 to 4096, found 'many'"
                ])
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func anUnknownPhaseIsNamedWithASuggestion() {
        do {
            _ = try Self.load(["phases.serch.workers=3"])
            Issue.record("accepted an unknown phase")
        } catch let error as ScenarioError {
            #expect(error.description.contains("no phase named 'serch'; phases: warm, search (did you mean 'search'?)"))
        } catch {
            Issue.record("\(error)")
        }
        #expect(
            ScenarioOverride("no-equals-sign") == nil && ScenarioOverride("=3") == nil
                && ScenarioOverride("a..b=3") == nil)
    }
}
