import Engine
import Foundation
import Results
import Scenario
import Synchronization
import Testing
import Workload

/// The run engine against a null Milvus: phases and rounds, a stop, failing requests, segments.
@Suite struct RunEngineTests {
    static let options = RunOptions(tool: "test")

    func run(_ engine: RunEngine, control: RunControl = RunControl()) async -> RunEnd {
        await engine.run(control: control) { _ in }
    }

    @Test func theMeasuredPhasesRunInRoundsAndEachRoundsFiguresAreKept() async throws {
        let end = try await EngineFixtures.serving { port in
            let scenario = try EngineFixtures.scenario(
                port: port,
                phases: """
                      - { name: warm, warmup: true, duration: 0.3s, workers: 2, mix: search }
                      - { name: search, duration: 0.6s, workers: 2, mix: search }
                    """)
            var options = Self.options
            options.repeats = 3
            return await run(RunEngine(scenario: scenario, options: options))
        }
        guard case .measured(let output) = end else { Issue.record("\(end)"); return }
        let record = output.record
        #expect(record.failure == nil && record.partial == nil)
        // The warm-up once, the measured phase's three rounds joined into one phase.
        #expect(record.phases.map(\.name) == ["warm", "search"])
        let search = try #require(record.phases.last)
        // Three rounds of 0.6 s, their times added (however slow the machine made each).
        #expect(search.elapsedSeconds > 1.7)
        let seconds = search.timeline.map(\.second)
        #expect(seconds == seconds.sorted() && Set(seconds).count == seconds.count, "\(seconds)")
        let rounds = try #require(record.rounds)
        #expect(rounds.map(\.round) == [0, 1, 2])
        #expect(abs(rounds.map(\.seconds).reduce(0, +) - search.elapsedSeconds) < 0.01)
        for round in rounds {
            #expect((round.values[.throughput] ?? 0) > 0 && round.values[FigureKey(.search, .p50)] != nil)
            #expect((round.values[.clientCPU] ?? -1) >= 0 && round.values[.errorRate] == 0)
            // Each measured phase's own figures, for diff's noise between rounds (not the warm-up's).
            let phase = try #require(round.phases?["search"])
            #expect(round.phases?.keys.sorted() == ["search"])
            #expect((phase[FigureKey(.search, .throughput)] ?? 0) > 0)
            #expect([FigureName.p50, .p90, .p99, .p999].allSatisfy { phase[FigureKey(.search, $0)] != nil })
        }
        #expect(record.scenario.settings["phases.search.workers"] == "2")
    }

    @Test func aStopEndsThePhaseWithinMomentsAndTheRecordIsPartial() async throws {
        let control = RunControl()
        final class Stamp: Sendable { let date = Mutex<Date?>(nil) }
        let interrupted = Stamp()
        let end = try await EngineFixtures.serving { port in
            let scenario = try EngineFixtures.scenario(
                port: port,
                phases: """
                      - { name: long, duration: 10m, workers: 2, mix: search }
                      - { name: never, duration: 10m, workers: 2, mix: search }
                    """)
            // Once the first phase runs (set-up takes its own time on a busy machine).
            return await RunEngine(scenario: scenario, options: Self.options).run(control: control) { event in
                guard case .phaseStarted = event else { return }
                Task {
                    try await Task.sleep(for: .milliseconds(300))
                    interrupted.date.withLock { $0 = Date() }
                    control.interrupt(signal: "SIGINT")
                }
            }
        }
        // From the interrupt, not from the start: set-up takes its own time on a busy machine. The
        // stop takes moments (two seconds on an idle machine); the bound is half the phase's ten
        // minutes, far from both (the test process's other tests have held its threads for 30 s).
        let stopped = try #require(interrupted.date.withLock { $0 })
        #expect(Date().timeIntervalSince(stopped) < 300)
        guard case .measured(let output) = end else { Issue.record("\(end)"); return }
        #expect(output.record.partial == "interrupted (SIGINT)" && output.record.failure == nil)
        #expect(output.record.phases.map(\.name) == ["long"])
        #expect(output.record.scenario.phases.map(\.name) == ["long", "never"])
    }

    @Test func onErrorStopFailsTheRunAtTheFirstFailedRequest() async throws {
        let end = try await EngineFixtures.serving(failing: ["Search": "field tenantid not exist"]) { port in
            let scenario = try EngineFixtures.scenario(
                port: port, phases: "  - { name: search, duration: 30s, workers: 2, mix: search }",
                extra: "onError: stop")
            return await run(RunEngine(scenario: scenario, options: Self.options))
        }
        guard case .measured(let output) = end else { Issue.record("\(end)"); return }
        let failure = try #require(output.record.failure)
        #expect(failure.contains("first failed request") && failure.contains("field tenantid not exist"), "\(failure)")
    }

    /// A filter on a field that does not exist: every search failed, and the run said exit 0.
    @Test func aRunInWhichNoRequestSucceededFails() async throws {
        let end = try await EngineFixtures.serving(failing: ["Search": "field tenantid not exist"]) { port in
            let scenario = try EngineFixtures.scenario(
                port: port, phases: "  - { name: search, duration: 0.5s, workers: 2, mix: search }")
            return await run(RunEngine(scenario: scenario, options: Self.options))
        }
        guard case .measured(let output) = end else { Issue.record("\(end)"); return }
        let failure = try #require(output.record.failure)
        #expect(failure.hasPrefix("not one of ") && failure.contains("tenantid"), "\(failure)")
    }

    @Test func aMilvusThatCannotBeReachedFailsBeforeMeasuring() async throws {
        let scenario = try EngineFixtures.scenario(
            port: 1, phases: "  - { name: search, duration: 1s, workers: 1, mix: search }")
        let end = await run(RunEngine(scenario: scenario, options: Self.options))
        guard case .failed(let error) = end else { Issue.record("\(end)"); return }
        // Nothing wrong with the input: the command exits with the unreachable code. The message
        // names the address it could not reach and why, with the gRPC code a user can look up.
        #expect(error.cause == .milvusUnreachable)
        #expect(error.message.hasPrefix("cannot reach Milvus at 127.0.0.1:1: unavailable: cannot connect to 127.0.0.1:1"), "\(error.message)")
        #expect(error.message.contains("Connection refused"), "\(error.message)")
    }

    @Test func aLaterSegmentWaitsForTheCollectionAndRunsItsShare() async throws {
        let end = try await EngineFixtures.serving { port in
            let scenario = try EngineFixtures.scenario(
                port: port, phases: "  - { name: search, duration: 0.5s, workers: 4, mix: search }")
            let segment = try #require(ExecutionSegment(parsing: "1/2"))
            var options = Self.options
            options.segment = segment
            return await run(RunEngine(scenario: try scenario.segmented(segment), options: options))
        }
        guard case .measured(let output) = end else { Issue.record("\(end)"); return }
        #expect(output.record.segment?.description == "1/2")
        #expect(output.record.phases.first?.workers == 2)
    }
}
