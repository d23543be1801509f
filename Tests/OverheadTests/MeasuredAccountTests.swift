import Overhead
import Results
import ServerMetrics
import TestFixtures
import Testing
import Workload

/// The sums `traceload compare` reports per run: CPU and spans between phase boundaries.
@Suite struct MeasuredAccountTests {
    func snapshot(client: Double, serverCPU: Double?, resident: Double = 1e9, spans: (Int, Int)?) -> ResourceSnapshot {
        ResourceSnapshot(
            clientCPUSeconds: client,
            server: serverCPU.map { ServerProcessMetrics(cpuSeconds: $0, residentBytes: resident) },
            spans: spans.map { SpanCounts(received: $0.0, dropped: $0.1) })
    }

    @Test func phasesAddUpBetweenTheirBoundaries() throws {
        var account = MeasuredAccount()
        account.add(
            SampleRuns.phaseResult(name: "a", latenciesMs: [1, 2, 3]),
            from: snapshot(client: 10, serverCPU: 100, spans: (0, 0)),
            to: snapshot(client: 12, serverCPU: 105, resident: 2e9, spans: (30, 1)))
        // CPU used between phases (setup, another process) is not counted.
        account.add(
            SampleRuns.phaseResult(name: "b", latenciesMs: [4, 5], errors: 1),
            from: snapshot(client: 20, serverCPU: 200, spans: (50, 1)),
            to: snapshot(client: 21, serverCPU: 203, resident: 1.5e9, spans: (70, 3)))
        #expect(account.requests == 6 && account.errors == 1 && account.seconds == 20)
        #expect(account.clientCPU == 3 && account.serverCPU == 8 && account.serverResident == 2e9)
        #expect(account.spans == 50 && account.spansDropped == 3)
        let run = try account.run(setting: .off, round: 0, partial: nil)
        #expect(run.requests == 6 && run.clientCPUSeconds == 3 && run.serverCPUSeconds == 8)
        #expect(try run.latency.decode().totalCount == 5)
    }

    @Test func aFigureMissingAtEitherEndLeavesItsSumUnknown() throws {
        var account = MeasuredAccount()
        account.add(
            SampleRuns.phaseResult(name: "a", latenciesMs: [1]),
            from: snapshot(client: 0, serverCPU: 1, spans: nil), to: snapshot(client: 1, serverCPU: nil, spans: nil))
        #expect(account.serverCPU == nil && account.spans == nil && account.clientCPU == 1)
        #expect(throws: OverheadError.self) { try MeasuredAccount().run(setting: .off, round: 0, partial: nil) }
    }
}
