@testable import Analysis
import Foundation
import Results
import ServerMetrics
import TestFixtures

@testable import Findings

/// Facts built for one rule at a time: phases of searches with chosen latencies on a machine of
/// chosen cores, Milvus's stages and timeline as given, and traced breakdowns made of chosen
/// components and waits. Every figure a test expects follows from these by hand.
enum Constructed {
    /// A stage row with `count` observations of mean `mean` ms.
    static func stage(_ name: String, _ labels: String, mean: Double, count: Double, operation: String = "search")
        -> StageRow
    {
        StageRow(
            phase: "search", stage: name, operation: operation, labels: labels, metric: name, unit: .milliseconds,
            histogram: BucketHistogram(bounds: [.infinity], cumulative: [count], sum: mean * count, count: count))
    }

    /// One phase `name` of 1,000 searches of `latencyMs` (10 s, so 100/s), on `workers` workers;
    /// or of the searches `latenciesMs` when given.
    static func phase(
        _ name: String = "search", workers: Int = 8, latencyMs: Double = 40, requests: Int = 1000, stages: [StageRow] = [],
        timeline: [String: Double] = [:], rate: Double? = nil, unsent: Int? = nil, latenciesMs: [Double]? = nil
    ) -> PhaseRecord {
        let latencies = latenciesMs ?? Array(repeating: latencyMs, count: requests)
        var result = SampleRuns.phaseResult(name: name, latenciesMs: latencies)
        result.phase.workers = workers
        var phase = SampleRuns.run([result]).phases[0]
        phase.server = PhaseServerMetrics(stages: stages, timeline: (0..<10).map { ServerSample(second: $0, values: timeline) })
        phase.rate = rate.map { RateRecord(start: $0, end: $0) }
        phase.unsent = unsent
        return phase
    }

    static func run(cores: Int, _ phases: [PhaseRecord], breakdowns: [OperationBreakdown] = []) -> RunRecord {
        var record = SampleRuns.run([SampleRuns.phaseResult(name: "x", latenciesMs: [1])])
        record.phases = phases
        record.environment.cpuCores = cores
        if !breakdowns.isEmpty {
            record.tracing = TracingRecord(
                source: "test", clientService: "traceload", serverSampleFraction: 0, breakdowns: breakdowns, receiver: nil,
                clientSpansDropped: 0)
        }
        return record
    }

    /// What one rule finds in the last phase of a run.
    static func findings(_ rule: some FindingRule, _ record: RunRecord) -> [Finding] {
        let facts = record.phases.map { PhaseFacts($0, run: record) }
        return rule.findings(facts.last!, in: RunFacts(phases: facts))
    }

    /// A breakdown of phase `search` whose components have these means (they add up to its mean
    /// latency), with untraced waits and tail rows as given.
    static func breakdown(
        _ operation: String = "search", components: [(String, Double)], untraced: [(String, Double)] = [],
        tail: [TailRow] = [], joined: Int = 100
    ) -> OperationBreakdown {
        let mean = components.map(\.1).reduce(0, +)
        return OperationBreakdown(
            phase: "search", operation: operation, coverage: Coverage(sampled: joined, joined: joined, serverSpans: joined * 10),
            components: components.map {
                ComponentRow(
                    phase: "search", operation: operation, component: $0.0, requests: joined, p50Ms: $0.1, p90Ms: $0.1,
                    p99Ms: $0.1, meanMs: $0.1, shareOfMean: $0.1 / mean, uncoveredMs: nil)
            }, completeComponents: nil,
            untraced: untraced.map {
                UntracedRow(
                    span: $0.0, component: "proxy", requests: joined, meanMs: $0.1, p99Ms: $0.1, shareOfLatency: $0.1 / mean)
            }, tail: tail, slowestRequestMs: mean, slowestTrace: [], maxSumErrorPercent: 0)
    }

    static func tail(_ component: String, median: Double, slowest: Double, count: Int = 10) -> TailRow {
        TailRow(
            component: component, medianRequestMs: median, slowestRequestsMs: slowest, medianUntracedMs: nil,
            slowestUntracedMs: nil, slowestCount: count, medianCount: 500)
    }
}

extension Constructed {
    /// The facts of a run's last phase.
    static func findingsFacts(_ record: RunRecord) -> PhaseFacts { PhaseFacts(record.phases.last!, run: record) }
}
