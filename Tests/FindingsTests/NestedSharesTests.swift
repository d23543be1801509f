import Analysis
import Results
import ServerMetrics
import Testing

@testable import Findings

/// A cause inside another finding's time is taken out of it only where it lies: the read queue out
/// of the untraced wait it is part of (not out of another span's), and out of useless concurrency
/// only by what the queue grew since the phase with fewer workers. Searches of 40 ms on 2 cores,
/// Milvus at 1.9 of them; two sub-searches side by side (the delegator's request 45 ms).
@Suite struct NestedSharesTests {
    static let saturated = ["cpu_cores": 1.9]

    /// The largest untraced wait is another span (25 ms in `Proxy-Other`); the query node's wait
    /// (14 ms in Proxy-Search-Execute) holds the 12 ms queue. The untraced-wait finding speaks of
    /// the 25 ms: nothing of the queue is in it.
    @Test func aQueueIsNotTakenOutOfAnotherSpansWait() throws {
        let breakdown = Constructed.breakdown(
            components: [("client+wire", 2), ("proxy", 38)], untraced: [("Proxy-Other", 25), ("Proxy-Search-Execute", 14)])
        let phase = Constructed.phase(stages: CPUThresholdTests.queueStages(queue: 12, onLeader: 45), timeline: Self.saturated)
        let found = Findings.of(Constructed.run(cores: 2, [phase], breakdowns: [breakdown]))
        let wait = try #require(found.first { $0.rule == "untraced-wait" })
        let queue = try #require(found.first { $0.rule == "queue-saturation" })
        #expect(wait.statement.hasPrefix("25.0 ms of the 40.0 ms of a traced search is waiting inside Proxy-Other"))
        #expect(abs((wait.share ?? 0) - 25.0 / 40) < 0.005, "\(wait.statement)")
        #expect(!wait.statement.contains("the read queue's part"))
        #expect(abs((queue.share ?? 0) - 12.0 / 40) < 0.005)
        // The same queue in the largest wait, Proxy-Search-Execute's 25 ms, is taken out of it.
        let inside = Constructed.breakdown(
            components: [("client+wire", 2), ("proxy", 38)], untraced: [("Proxy-Search-Execute", 25), ("Proxy-Other", 14)])
        let nested = Findings.of(Constructed.run(cores: 2, [phase], breakdowns: [inside]))
        #expect(abs((nested.first { $0.rule == "untraced-wait" }?.share ?? 0) - 13.0 / 40) < 0.005)
    }

    /// Two workers at 10 ms a search queue 4 ms; eight at 40 ms queue 24 ms, for the same
    /// throughput. Back to two workers takes 30 of the 40 ms off; 20 of them are the queue's
    /// growth (24 − 4), a finding of its own, so useless concurrency counts the other 10 ms.
    @Test func uselessConcurrencyLosesOnlyWhatTheQueueGrew() throws {
        let two = Constructed.phase(
            "two", workers: 2, latencyMs: 10, requests: 2000, stages: CPUThresholdTests.queueStages(queue: 4),
            timeline: Self.saturated)
        let eight = Constructed.phase(
            "eight", workers: 8, latencyMs: 40, requests: 2000, stages: CPUThresholdTests.queueStages(queue: 24),
            timeline: Self.saturated)
        let found = Findings.of(Constructed.run(cores: 2, [two, eight])).filter { $0.phase == "eight" }
        let queue = try #require(found.first { $0.rule == "queue-saturation" })
        let useless = try #require(found.first { $0.rule == "useless-concurrency" })
        #expect(abs((queue.share ?? 0) - 24.0 / 40) < 0.005)
        #expect(abs((useless.share ?? 0) - (30.0 - 20.0) / 40) < 0.005, "\(useless.statement)")
        #expect(useless.statement.contains("what the read queue grew by since then (50% of the latency)"), "\(useless.statement)")
        #expect(useless.partial == nil)
        // An earlier phase with Milvus's stages and no queue did not queue: the whole queue grew.
        let quiet = Constructed.phase(
            "two", workers: 2, latencyMs: 10, requests: 2000,
            stages: [Constructed.stage("querynode.segcore", "query_type=search", mean: 5, count: 2000)], timeline: Self.saturated)
        let whole = Findings.of(Constructed.run(cores: 2, [quiet, eight])).filter { $0.phase == "eight" }
        #expect(abs((whole.first { $0.rule == "useless-concurrency" }?.share ?? 0) - (30.0 - 24.0) / 40) < 0.005)
    }
}
