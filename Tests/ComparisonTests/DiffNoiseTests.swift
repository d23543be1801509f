import Foundation
import Results
import Scenario
import TestFixtures
import Testing
import Workload

@testable import Comparison

/// `diff`'s noise with several base runs, with a stated allowance, between the rounds of every
/// phase, and for a component's p99: each expected interval worked out here from the raw inputs.
@Suite struct DiffNoiseTests {
    /// A phase of 20 s whose second s holds `counts(s)` searches of `latencyMs` each.
    static func phase(_ name: String = "p", latencyMs: Double, counts: (Int) -> Int) -> PhaseResult {
        var stats = OperationStats()
        var timeline: [TimelineBucket] = []
        for second in 0..<20 {
            var bucket = TimelineBucket(second: second)
            for _ in 0..<counts(second) {
                Latency.record(UInt64(latencyMs * 1e6), into: &stats.histogram)
                Latency.record(UInt64(latencyMs * 1e6), into: &bucket.histogram)
            }
            timeline.append(bucket)
        }
        return PhaseResult(
            phase: Phase(name: name, length: .duration(seconds: 20), workers: 2, mix: [.search: 1]),
            startUnixNanos: 1_700_000_000_000_000_000, elapsedSeconds: 20, operations: [.search: stats],
            timeline: timeline, sampled: [], sampleFraction: 0)
    }

    static func run(latencyMs: Double, perSecond: Int) -> RunRecord {
        SampleRuns.run([phase(latencyMs: latencyMs, counts: { _ in perSecond })])
    }

    /// Three base runs at 10, 11 and 12 ms (200, 210 and 190 searches a second, steady within each
    /// run, so no within-run floor): mean 11, s = 1, K = 3. The 95% prediction interval is
    /// ± t(0.975, 2) · 1 · √(4/3) = ± 4.303 × 1.1547 = ± 4.969 ms. The gate's family is throughput,
    /// p50 and p99 (p90 and p99.9 are exploratory): each at 5%/3 on its worse side,
    /// t(0.98333, 2) = 5.339, ± 6.165 ms.
    @Test func severalBaseRunsJudgeTheNewOneByAPredictionInterval() throws {
        let bases = [(10.0, 200), (11, 210), (12, 190)].map { Self.run(latencyMs: $0.0, perSecond: $0.1) }
        let within = try RunDiff.compare(bases: bases, new: Self.run(latencyMs: 16.5, perSecond: 200))
        let p50 = try #require(within.figures.first { $0.metric == .p50 })
        #expect(p50.method == "between 3 base runs" && abs(p50.base - 11) < 0.05)
        #expect(abs(try #require(p50.noise) - 4.969) / 4.969 < 0.01, "\(p50.noise ?? 0)")
        #expect(abs(try #require(p50.gateNoise) - 6.165) / 6.165 < 0.01, "\(p50.gateNoise ?? 0)")
        // 5.5 ms: beyond the 95% interval (changes) but within the gate's bound.
        #expect(p50.verdict == .changes && !p50.isRegression(limit: 10, floorMs: 0.1))
        #expect(Set(within.gated.map(\.metric)) == [.throughput, .p50, .p99])
        #expect(within.figures.first { $0.metric == .p90 }?.notGated == "exploratory: not a headline figure")
        // Throughput: 200, 210, 190 → mean 200, s = 10, bound ± 61.65; the new run's 200 is no change.
        let throughput = try #require(within.figures.first { $0.metric == .throughput })
        #expect(try abs(throughput.base - 200) < 1e-9 && abs(#require(throughput.gateNoise) - 61.65) < 0.7)
        // 17.5 ms: 6.5 ms worse, beyond the gate's bound and the 10% limit.
        let beyond = try RunDiff.compare(bases: bases, new: Self.run(latencyMs: 17.5, perSecond: 200))
        #expect(try #require(beyond.figures.first { $0.metric == .p50 }).isRegression(limit: 10, floorMs: 0.1))
        // Settings shared by all: none listed; the bases' rounds: plain runs.
        #expect(beyond.settings.isEmpty && beyond.baseSettings.isEmpty && beyond.baseRounds == 1)
    }

    /// Three base runs that agree by chance: the spread is not believed below their own noise.
    @Test func aSpreadBelowTheRunsOwnNoiseIsNotBelieved() throws {
        let spread = try #require(BaseSpread([10, 10, 10], floor: 0.5))
        #expect(spread.deviation == 0.5 && abs(spread.error.value - 0.5 * (4.0 / 3).squareRoot()) < 1e-12)
        #expect(spread.error.df == 2)
        #expect(BaseSpread([10]) == nil)
    }

    /// One base run and `--between-run-noise`: the gate's half-width is √(w² + a²). Worked out for
    /// throughput: base seconds 210, 210, 190, 190, ... (batches of 2 s: 210, 190, ... over 10
    /// batches, s = √(10 × 10² / 9) = 10.541, error 3.333, 9 df); new seconds 20 fewer each, the
    /// same spread. w = t(0.975, 18) × √2 × 3.333 = 2.101 × 4.714 = 9.905; the change is 20.
    @Test func anAllowanceAddsToTheNoiseWithinTheRuns() throws {
        let pattern = { (second: Int) in second % 4 < 2 ? 10 : -10 }
        let base = SampleRuns.run([Self.phase(latencyMs: 10, counts: { 200 + pattern($0) })])
        let new = SampleRuns.run([Self.phase(latencyMs: 10, counts: { 180 + pattern($0) })])
        let tight = try RunDiff.compare(base: base, new: new, allowance: 8)
        let throughput = try #require(tight.figures.first { $0.metric == .throughput })
        #expect(abs(try #require(throughput.noise) - 9.905) < 0.01, "\(throughput.noise ?? 0)")
        // a = 8% of 200 = 16: √(9.905² + 16²) = 18.82 < 20, and 10% worse: a regression at 5%.
        #expect(abs(try #require(throughput.gateNoise) - 18.82) < 0.02)
        #expect(throughput.isRegression(limit: 5, floorMs: 0))
        // a = 10% of 200 = 20: √(9.905² + 20²) = 22.32 > 20: not.
        let loose = try RunDiff.compare(base: base, new: new, allowance: 10)
        #expect(!(try #require(loose.figures.first { $0.metric == .throughput }).isRegression(limit: 5, floorMs: 0)))
    }

    /// `run --repeat 3` of three phases: every phase's figures are measured against the spread
    /// between its own rounds. Phase i's p50 over the rounds: base 10+i, 11+i, 12+i, new 13+i,
    /// 14+i, 15+i: each mean's error 1/√3 (2 df), the difference's √(2/3) with Welch's
    /// (2/3)² / (2 × (1/3)² / 2) = 4 df: ± 2.776 × 0.8165 = ± 2.267 ms.
    @Test func everyPhaseOfARepeatedRunHasItsRoundsNoise() throws {
        let names = ["a", "b", "c"]
        func record(first: Double) -> RunRecord {
            var run = SampleRuns.run(names.map { Self.phase($0, latencyMs: 10, counts: { _ in 100 }) })
            run.rounds = (0..<3).map { round in
                RoundRecord(
                    round: round, startedAt: 0, seconds: 60, values: [:], samples: [:],
                    phases: Dictionary(
                        uniqueKeysWithValues: names.enumerated().map { index, name in
                            (name, [FigureKey("search", .p50): first + Double(index + round)])
                        }))
            }
            return run
        }
        let diff = try RunDiff.compare(base: record(first: 10), new: record(first: 13), allowance: 0)
        for name in names {
            let p50 = try #require(diff.figures.first { $0.phase == name && $0.metric == .p50 })
            #expect(try p50.method == "rounds" && abs(#require(p50.noise) - 2.267) < 0.005, "\(name)")
        }
        // Rounds written before they kept each phase: a run of several phases falls back to within.
        var old = record(first: 10)
        old.rounds = old.rounds?.map { var r = $0; r.phases = nil; return r }
        let fallback = try RunDiff.compare(base: old, new: old, allowance: 0)
        #expect(fallback.figures.filter { $0.component == nil }.allSatisfy { $0.method == "within the runs" })
    }

    /// A component's p99 from n traces, through an exponential tail fixed by its p90 and p99:
    /// θ = (p99 − p90) / ln 10 = 1, so the order statistic's error is θ √(0.99 / (0.01 n)) = 0.1 at n = 9,900.
    @Test func aComponentsP99HasANoiseFromItsTraces() throws {
        let error = try #require(RunNoise.componentTail(p90: 10, p99: 10 + log(10), requests: 9900))
        #expect(abs(error.value - 0.1) < 1e-9 && error.df == .infinity)
    }
}
