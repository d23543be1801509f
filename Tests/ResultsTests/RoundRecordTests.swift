import Foundation
import Scenario
import Testing

@testable import Results

/// A round's figures are keyed by `FigureKey` in Swift and by the figures' names in run.json, as
/// they were when the keys were strings.
@Suite struct RoundRecordTests {
    @Test func aRoundKeepsItsFiguresUnderTheirNames() throws {
        let round = RoundRecord(
            round: 1, startedAt: 0, seconds: 10,
            values: [.throughput: 500, FigureKey(.search, .p50): 2.5, .spansPerSecond: 40],
            samples: [.throughput: 5000, FigureKey(.search, .p50): 5000])
        let data = try RunRecord.encoder.encode(round)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            (object["values"] as? [String: Double]) == [
                "throughput_per_s": 500, "search.p50_ms": 2.5, "spans_per_s": 40,
            ])
        #expect((object["samples"] as? [String: Int]) == ["throughput_per_s": 5000, "search.p50_ms": 5000])
        #expect(try JSONDecoder().decode(RoundRecord.self, from: data) == round)
        // Without per-phase figures (compare's rounds, older files) the key is absent, and such a
        // round still loads.
        #expect(object["phases"] == nil)
    }

    /// `run --repeat` keeps each phase's figures in a round, under the same names.
    @Test func aRoundKeepsEachPhasesFigures() throws {
        let round = RoundRecord(
            round: 0, startedAt: 0, seconds: 10, values: [:], samples: [:],
            phases: ["search": [FigureKey(.search, .p99): 7.5, FigureKey(.search, .throughput): 300]])
        let data = try RunRecord.encoder.encode(round)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            (object["phases"] as? [String: [String: Double]]) == [
                "search": ["search.p99_ms": 7.5, "search.throughput_per_s": 300]
            ])
        #expect(try JSONDecoder().decode(RoundRecord.self, from: data) == round)
    }
}
