import Foundation
import Testing

@testable import Scenario

@Suite struct ThresholdParsingTests {
    @Test func parsesK6StyleThresholds() throws {
        let yaml = """
            collection: {dim: 8}
            phases: [{duration: 1s, mix: search}]
            thresholds:
              search.p99_ms: "< 50"
              insert.errors: "< 0.1%"
              search.component.querynode.p99_ms: "<= 20"
              search.throughput_per_s: ">= 100"
            """
        let s = try ScenarioLoader.decode(yaml: yaml, file: "t.yaml")
        #expect(s.thresholds.count == 4)
        let errors = try #require(s.thresholds.first { $0.key == "insert.errors" })
        #expect(errors.percent && errors.value == 0.1 && errors.comparison == .less)
        let component = try #require(s.thresholds.first { $0.component != nil })
        #expect(
            component.component == "querynode" && component.metric == .p99 && component.holds(for: 20)
                && !component.holds(for: 20.1))
    }

    @Test(arguments: [
        ("serch.p99_ms", "< 5", "did you mean 'search'"),
        ("search.p98_ms", "< 5", "unknown metric"),
        ("search.p99_ms", "fast", "expected a condition"),
        ("search.p99_ms", "< 5%", "applies to errors only"),
        ("search.component.p99_ms", "< 5", "OPERATION.component.NAME.METRIC"),
    ])
    func rejectsBadThresholds(key: String, condition: String, fragment: String) throws {
        let yaml =
            "collection: {dim: 8}\nphases: [{duration: 1s, mix: search}]\nthresholds:\n  \(key): \"\(condition)\"\n"
        let error = try #require(throws: ScenarioError.self) { try ScenarioLoader.decode(yaml: yaml, file: "t.yaml") }
        #expect(error.issues.first?.field == "thresholds.\(key)")
        #expect(error.issues.first?.line == 4)
        #expect(error.issues.first?.message.contains(fragment) == true, "\(error)")
    }
}
