import Foundation
import Results
import Scenario
import Workload

/// Small runs built from chosen latencies, for the tests of what reads run.json.
package enum SampleRuns {
    /// One search phase of 10 s on 2 workers with these latencies (and errors, and sampled requests).
    package static func phaseResult(name: String, latenciesMs: [Double], errors: Int = 0, sampled: [SampledRequest] = [])
        -> PhaseResult
    {
        var stats = OperationStats()
        for ms in latenciesMs { Latency.record(UInt64(ms * 1e6), into: &stats.histogram) }
        if errors > 0 { stats.errors = ["unavailable": errors] }
        let phase = Phase(name: name, length: .duration(seconds: 10), workers: 2, mix: [.search: 1])
        return PhaseResult(
            phase: phase, startUnixNanos: 1_700_000_000_000_000_000, elapsedSeconds: 10, operations: [.search: stats],
            timeline: [], sampled: sampled, sampleFraction: 0.1)
    }

    package static func run(_ phases: [PhaseResult]) -> RunRecord {
        let scenario = Scenario(
            name: "t", milvus: .embedded(EmbeddedOptions()), collection: CollectionSpec(name: "c", dim: 8),
            dataset: DatasetSpec(), tracing: TracingSpec(), phases: phases.map(\.phase))
        return RunRecord(
            tool: "test", scenario: scenario, environment: RunEnvironment(milvusVersion: "v", milvusTarget: "x"),
            startedAt: Date(timeIntervalSince1970: 0), finishedAt: Date(timeIntervalSince1970: 20), partial: nil,
            phases: phases.map(PhaseRecord.init))
    }

    /// A one-phase run with these latencies and thresholds.
    package static func run(_ latencies: [Double], errors: Int = 0, thresholds: [String: String] = [:]) throws
        -> RunRecord
    {
        var record = run([phaseResult(name: "p", latenciesMs: latencies, errors: errors)])
        record.scenario.thresholds = try thresholds.map { ThresholdRecord(try Threshold.parse(key: $0.key, condition: $0.value).get()) }
        return record
    }

    /// Two machines that ran at the same time (same phase window, different hosts).
    package static func machines(_ a: [Double], _ b: [Double]) throws -> (RunRecord, RunRecord) {
        var first = try run(a)
        var second = try run(b)
        first.environment.hostname = "load-1"
        second.environment.hostname = "load-2"
        return (first, second)
    }
}

extension JSONDecoder {
    package static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
