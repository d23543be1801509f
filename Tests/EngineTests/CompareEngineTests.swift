import Foundation
import Results
import Scenario
import Testing

@testable import Engine

/// A comparison against null Milvus servers with known service times: the engine must find the
/// difference, pair blocks by round, and keep an A/A variant on the baseline's server.
@Suite struct CompareEngineTests {
    @Test func aKnownServiceTimeDifferenceIsFoundAndTheAAVariantSharesTheBaselinesServer() async throws {
        let progress = try await EngineFixtures.serving(searchLatency: .milliseconds(2)) { fast in
            try await EngineFixtures.serving(searchLatency: .milliseconds(4)) { slow in
                let base = try EngineFixtures.scenario(
                    port: fast, phases: "  - { name: search, duration: 10s, workers: 1, mix: search }")
                let slower = try EngineFixtures.scenario(
                    port: fast, phases: "  - { name: search, duration: 10s, workers: 1, mix: search }",
                    overrides: ["milvus.uri=http://127.0.0.1:\(slow)"])
                let options = CompareOptions(
                    tool: "test",
                    variants: [
                        CompareVariant(name: "fast", settings: [], scenario: base),
                        CompareVariant(name: "slow", settings: ["milvus.uri=…"], scenario: slower),
                    ], aa: true, precision: 2, budgetSeconds: nil, rounds: 6, blockSeconds: 0.5, seed: 1)
                let end = await CompareEngine(options: options).run(control: RunControl(), observer: { _ in }) { _ in }
                guard case .finished(let progress) = end else {
                    Issue.record("\(end)")
                    return nil as CompareProgress?
                }
                return progress
            }
        }
        let summary = try #require(progress?.summary)
        #expect(summary.variants.map(\.name) == ["fast", "slow", "A/A"])
        #expect(summary.variants.allSatisfy { $0.rounds == 6 })
        let slow = try #require(summary.variants.first { $0.name == "slow" })
        let p50 = try #require(slow.changes.first { $0.key == FigureKey(.search, .p50) })
        #expect(p50.verdict == .changes, "\(p50.words)")
        // The servers differ by 2 ms a search: the interval of the change in milliseconds holds it.
        // A 95% interval misses one time in 20 by design, and a loaded test process stretches some
        // blocks' client time: the check is the interval widened by half (about 99.5%).
        let ms = try #require(p50.milliseconds)
        let width = try #require(p50.millisecondsHalfWidth)
        #expect(abs(ms - 2) <= 1.5 * width + 0.1, "\(p50.words)")
        #expect(slow.ownServer)
        // The A/A variant ran on the baseline's server: it mirrors the comparison's other servers only when variants
        // of the same server key exist on different servers.
        let records = try #require(progress?.records)
        #expect(records.map(\.name) == ["fast", "slow", "A/A"])
        #expect(records.allSatisfy { $0.record.rounds?.count == 6 })
    }

    @Test func variantsParseFromTheCommandLine() throws {
        let parsed = try #require(
            CompareVariant.parse("ramp: phases.search.rate={from: 10, to: 100}, phases.search.workers=8"))
        #expect(parsed.name == "ramp")
        #expect(parsed.settings == ["phases.search.rate={from: 10, to: 100}", "phases.search.workers=8"])
        #expect(CompareVariant.parse("no settings:") == nil && CompareVariant.parse("ef128 phases.x=1") == nil)
    }

    @Test func theTracingSweepIsVariantsOfTheSameServerExceptServerOnlyFractions() throws {
        let sweep = CompareVariant.sweep(
            clientFractions: [0, 0.1], serverFractions: [1],
            phases: [Phase(name: "s", length: .duration(seconds: 1), workers: 1, mix: [.search: 1], sampleFraction: 0.5)])
        #expect(sweep.map(\.name) == ["off", "client-0", "client-0.1", "server-1"])
        #expect(sweep[2].settings == ["tracing.sampleFraction=0.1", "phases.s.sampleFraction=0.1"])
        #expect(sweep[0].settings == ["tracing.propagate=false"])
    }

    /// A block that answered a quarter as many requests carries the same idle CPU over them:
    /// beyond idle, the two blocks' requests cost what they cost, on either side.
    @Test func cpuBeyondIdleTakesOffWhatEachProcessSpendsIdle() {
        func round(_ cpuMs: Double, _ requests: Int) -> RoundRecord {
            RoundRecord(
                round: 1, position: 0, startedAt: 0, seconds: 10, values: [.clientCPU: cpuMs],
                samples: [.clientCPU: requests])
        }
        var state = CompareState(variants: [])
        state.rounds = [[round(0.25, 2000)], [round(0.6, 500)]]
        // Idle: traceload 0.02 cores over both servers' idle halves (0.3 + 0.2 s over 15 + 10 s);
        // the first Milvus 0.1 cores (1.5 s over 15 s), the second 0.5 (5 s over 10 s).
        let idle = [IdleRates(seconds: 15, client: 0.3, server: 1.5), IdleRates(seconds: 10, client: 0.2, server: 5)]
        CompareEngine.setWork(
            &state,
            [
                .init(variant: 0, round: 0, server: 0, cpu: 0.5, serverCPU: 9, wallSeconds: 10),
                .init(variant: 1, round: 0, server: 1, cpu: 0.3, serverCPU: nil, wallSeconds: 10),
            ], idle: idle)
        // (0.5 - 0.2) s over 2,000 requests, (0.3 - 0.2) s over 500: 0.15 and 0.2 ms.
        #expect(abs((state.rounds[0][0].values[.clientWork] ?? 0) - 0.15) < 1e-9)
        #expect(abs((state.rounds[1][0].values[.clientWork] ?? 0) - 0.2) < 1e-9)
        #expect(state.rounds[1][0].samples[.clientWork] == 500)
        // Its own Milvus's idle rate: (9 - 1) s over 2,000 requests = 4 ms (the other's 0.5 cores
        // would have left 2 ms); none where Milvus's CPU was not read.
        #expect(abs((state.rounds[0][0].values[.serverWork] ?? 0) - 4) < 1e-9)
        #expect(state.rounds[1][0].values[.serverWork] == nil)
        // One block without Milvus's idle CPU (an external Milvus) leaves the rate unknown.
        var pooled = idle[0]
        pooled.add(IdleRates(seconds: 1, client: 0.02, server: nil))
        #expect(pooled.serverRate == nil && abs(pooled.clientRate - 0.32 / 16) < 1e-12)
    }
}
