import Scenario
import Testing
import Workload

@testable import MetricsOut

@Suite struct RunSeriesTests {
    static func bucket(_ second: Int, search: [UInt64] = [], insert: [UInt64] = [], errors: Int = 0, sampled: Int = 0)
        -> TimelineBucket
    {
        var bucket = TimelineBucket(second: second)
        for (kind, latencies) in [(OperationKind.search, search), (.insert, insert)] where !latencies.isEmpty {
            var operation = TimelineBucket.Operation()
            for nanos in latencies {
                Latency.record(nanos, into: &operation.histogram)
                Latency.record(nanos, into: &bucket.histogram)
            }
            bucket.operations[kind] = operation
        }
        bucket.operations[.search, default: TimelineBucket.Operation()].errors += errors
        bucket.errors = errors
        bucket.sampled = sampled
        return bucket
    }

    static func values(_ series: [WriteRequest.Series], _ name: String, _ labels: [String: String] = [:]) -> [Double] {
        series.filter { one in
            one.labels["__name__"] == name && labels.allSatisfy { key, value in one.labels[key] == value }
        }.flatMap { $0.samples.map(\.value) }
    }

    @Test func countersAccumulateAndAStalledSecondStaysFlat() {
        var run = RunSeries(run: "quickstart")
        let buckets = [
            Self.bucket(0, search: [2_000_000, 4_000_000], sampled: 1),
            // Second 1: nothing answered (a stall).
            Self.bucket(2, search: [3_000_000], insert: [9_000_000], errors: 2),
        ]
        let out = run.seconds(
            buckets, from: 0, through: 2, phase: "mixed", operations: [.search, .insert, .query], startMillis: 1_000_000)
        #expect(Self.values(out, "traceload_requests_total", ["operation": "search"]) == [2, 2, 5])
        #expect(Self.values(out, "traceload_request_errors_total", ["operation": "search"]) == [0, 0, 2])
        // Every operation the phase runs has its counters, at zero until it is answered.
        #expect(Self.values(out, "traceload_requests_total", ["operation": "query"]) == [0, 0, 0])
        #expect(Self.values(out, "traceload_traces_sampled_total") == [1, 1, 1])
        // Quantiles only for seconds with answers: none for the stalled one.
        let p50 = Self.values(out, "traceload_request_duration_seconds", ["operation": "search", "quantile": "0.5"])
        #expect(p50.count == 2 && abs(p50[0] - 0.002) < 0.0001 && abs(p50[1] - 0.003) < 0.0001)
        let phase99 = Self.values(out, "traceload_phase_request_duration_seconds", ["quantile": "0.99"])
        #expect(phase99.count == 2 && abs(phase99[1] - 0.009) < 0.0001)
        // Each second's samples at its end; every series labelled with the run and the phase.
        let stamps = out.first { $0.labels["__name__"] == "traceload_traces_sampled_total" }!.samples.map(\.milliseconds)
        #expect(stamps == [1_001_000, 1_002_000, 1_003_000])
        #expect(out.allSatisfy { $0.labels["run"] == "quickstart" && $0.labels["phase"] == "mixed" })
    }

    /// A phase's later round (its clock starts again at second 0) continues its counters, and
    /// never sends a sample older than one sent.
    @Test func aLaterRoundContinuesTheCountersInTimeOrder() {
        var run = RunSeries(run: "r")
        _ = run.seconds(
            [Self.bucket(0, search: [1_000_000])], from: 0, through: 0, phase: "p", operations: [.search],
            startMillis: 10_000, endMillis: 10_400)
        let later = run.seconds(
            [Self.bucket(0, search: [1_000_000, 1_000_000])], from: 0, through: 0, phase: "p", operations: [.search],
            startMillis: 20_000)
        #expect(Self.values(later, "traceload_requests_total") == [3])
        let stale = run.seconds(
            [Self.bucket(0, search: [1_000_000])], from: 0, through: 0, phase: "p", operations: [.search], startMillis: 0)
        #expect(stale.isEmpty)
    }

    @Test func thePartialLastSecondIsStampedAtThePhasesEnd() {
        var run = RunSeries(run: "r")
        let out = run.seconds(
            [Self.bucket(3, search: [1_000_000])], from: 3, through: 3, phase: "p", operations: [.search],
            startMillis: 0, endMillis: 3_250)
        #expect(out.allSatisfy { $0.samples.map(\.milliseconds) == [3_250] })
    }

    @Test func joinedTracesAccumulatePerPhase() {
        var run = RunSeries(run: "r")
        _ = run.joined(5, phase: "a", at: 1)
        #expect(run.joined(7, phase: "a", at: 2).samples.map(\.value) == [12])
        #expect(run.joined(1, phase: "b", at: 3).samples.map(\.value) == [1])
    }
}
