import Foundation
import Results
import Scenario
import TestFixtures
import Testing
import Workload

@testable import Comparison

/// `diff` knows noise: a change within what a run varies by itself is not a regression, a figure
/// from few samples is not gated, runs that differ in settings are compared and the settings listed.
/// With one base run the gate needs an allowance for what differs between runs (here 0%: the
/// noise within the runs alone, what the allowance adds to); without one nothing is gated.
@Suite struct RunDiffTests {
    /// A 20 s phase whose seconds carry `latencies(second)`, so that noise can be read from within.
    static func run(latency: (Int, Int) -> Double, perSecond: Int = 200, name: String = "t") -> RunRecord {
        var stats = OperationStats()
        var timeline: [TimelineBucket] = []
        for second in 0..<20 {
            var bucket = TimelineBucket(second: second)
            for i in 0..<perSecond {
                let nanos = UInt64(latency(second, i) * 1e6)
                Latency.record(nanos, into: &stats.histogram)
                Latency.record(nanos, into: &bucket.histogram)
            }
            timeline.append(bucket)
        }
        let phase = Phase(name: "p", length: .duration(seconds: 20), workers: 2, mix: [.search: 1])
        let result = PhaseResult(
            phase: phase, startUnixNanos: 1_700_000_000_000_000_000, elapsedSeconds: 20, operations: [.search: stats],
            timeline: timeline, sampled: [], sampleFraction: 0)
        var record = SampleRuns.run([result])
        record.scenario.name = name
        return record
    }

    @Test func twoRunsThatDifferByTheirOwnNoiseFlagNothing() throws {
        // Both wander ±8% from second to second; the second run is 3% slower overall.
        let base = Self.run { second, i in 10 * (1 + 0.08 * sin(Double(second))) + Double(i % 7) * 0.1 }
        let new = Self.run { second, i in 10.3 * (1 + 0.08 * cos(Double(second))) + Double(i % 7) * 0.1 }
        let diff = try RunDiff.compare(base: base, new: new, allowance: 0)
        let p50 = try #require(diff.figures.first { $0.metric == .p50 })
        #expect(p50.noise != nil && p50.method == "within the runs")
        #expect(!diff.figures.contains { $0.isRegression(limit: 2, floorMs: 0) }, "\(diff.figures.map(\.label))")
    }

    @Test func aChangeBeyondTheNoiseIsARegression() throws {
        let base = Self.run { _, i in 10 + Double(i % 7) * 0.1 }
        let worse = Self.run { _, i in 15 + Double(i % 7) * 0.1 }
        let diff = try RunDiff.compare(base: base, new: worse, allowance: 0)
        let p50 = try #require(diff.figures.first { $0.metric == .p50 })
        #expect(p50.verdict == .changes && p50.isRegression(limit: 10, floorMs: 0.1))
        // Without an allowance, one base run gates nothing: the same change is printed, not failed.
        let ungated = try RunDiff.compare(base: base, new: worse)
        #expect(ungated.gated.isEmpty && !ungated.figures.contains { $0.isRegression(limit: 10, floorMs: 0) })
        #expect(ungated.figures.allSatisfy { $0.notGated == "between-run noise unknown" })
        #expect(abs((p50.change ?? 0) - 50) < 2)
        // p99.9 from 4,000 requests: fewer than ten above it, so it is shown, never gated.
        let tail = try #require(diff.figures.first { $0.metric == .p999 })
        #expect(tail.sparse != nil && !tail.isRegression(limit: 10, floorMs: 0))
    }

    @Test func runsWithOtherSettingsAreComparedAndTheSettingsListed() throws {
        let base = Self.run(latency: { _, _ in 10 }, name: "a")
        var other = Self.run(latency: { _, _ in 10 }, name: "b")
        other.scenario.settings["name"] = "b"
        other.scenario.settings["phases.p.search.params.ef"] = "128"
        let diff = try RunDiff.compare(base: base, new: other)
        #expect(diff.settings.map(\.key) == ["name", "phases.p.search.params.ef"])
        #expect(diff.settings[1].base == "—" && diff.settings[1].new == "128")
    }

    @Test func runsWithNothingInCommonAreRefused() throws {
        let base = Self.run(latency: { _, _ in 10 })
        var other = base
        other.phases[0].name = "q"
        #expect(throws: ResultsError.self) { try RunDiff.compare(base: base, new: other) }
    }

    @Test func recallIsAFigureLikeLatency() throws {
        var base = Self.run(latency: { _, _ in 10 })
        var lower = base
        base.phases[0].operations[0].recall = RecallRecord(searches: 500, hits: 4950, expected: 5000)
        lower.phases[0].operations[0].recall = RecallRecord(searches: 500, hits: 3650, expected: 5000)
        let recall = try #require(
            try RunDiff.compare(base: base, new: lower, allowance: 0).figures.first { $0.metric == .recall })
        #expect(recall.isRegression(limit: 10, floorMs: 0) && abs((recall.change ?? 0) + 26.3) < 0.2)
    }
}
