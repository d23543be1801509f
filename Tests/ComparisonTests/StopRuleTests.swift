import Testing

@testable import Comparison

@Suite struct StopRuleTests {
    let narrow: [(label: String, halfWidth: Double?)] = [("client CPU", 1.2), ("throughput", 1.9)]
    let wide: [(label: String, halfWidth: Double?)] = [("client CPU", 1.2), ("throughput", 3.4)]

    @Test func precisionStopsOnlyOnceEveryHeadlineIsNarrowAndTheMinimumIsMet() {
        let rule = StopRule(precision: 2, budgetSeconds: 600)
        #expect(rule.decide(rounds: 3, elapsed: 60, roundSeconds: 20, headlines: narrow) == .goOn)
        #expect(rule.decide(rounds: 12, elapsed: 240, roundSeconds: 20, headlines: wide) == .goOn)
        guard case .stop(let why) = rule.decide(rounds: 12, elapsed: 240, roundSeconds: 20, headlines: narrow) else {
            Issue.record("did not stop")
            return
        }
        #expect(why.contains("reached ±2%") && why.contains("12 rounds"))
    }

    @Test func theBudgetStopsBeforeARoundThatWouldOverrunItAndSaysWhatIsOpen() {
        let rule = StopRule(precision: 2, budgetSeconds: 600)
        #expect(rule.decide(rounds: 20, elapsed: 579, roundSeconds: 20, headlines: wide) == .goOn)
        guard case .stop(let why) = rule.decide(rounds: 20, elapsed: 581, roundSeconds: 20, headlines: wide) else {
            Issue.record("did not stop")
            return
        }
        #expect(why.contains("budget of 10.0 min") && why.contains("throughput ±3.4%") && !why.contains("client CPU"))
    }

    @Test func aFixedCountIgnoresPrecisionAndBudget() {
        let rule = StopRule(precision: 2, budgetSeconds: 10, fixedRounds: 6)
        #expect(rule.decide(rounds: 5, elapsed: 1_000, roundSeconds: 20, headlines: narrow) == .goOn)
        #expect(rule.decide(rounds: 6, elapsed: 1_000, roundSeconds: 20, headlines: wide) != .goOn)
    }
}
