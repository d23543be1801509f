import Analysis
import ServerMetrics
import Results
import Testing

@testable import Findings

/// Shares that add up: sub-requests side by side count once, a cause inside another finding's
/// time is taken out of it, an operation's shares never pass 100%, and a figure that contradicts
/// the tables is a caveat, not a cause. Searches of 40 ms on 2 cores, Milvus at 1.9 of them.
@Suite struct SharesTests {
    static func run(queue: Double, onLeader: Double, wait: Double? = nil) -> RunRecord {
        let stages = CPUThresholdTests.queueStages(queue: queue, work: 10, onLeader: onLeader)
        let phase = Constructed.phase(stages: stages, timeline: ["cpu_cores": 1.9, "machine_cpu_cores": 1.95])
        let breakdowns = wait.map {
            [Constructed.breakdown(components: [("client+wire", 2), ("proxy", 38)], untraced: [("Proxy-Search-Execute", $0)])]
        }
        return Constructed.run(cores: 2, [phase], breakdowns: breakdowns ?? [])
    }

    static func share(_ findings: [Finding], _ rule: String) -> Double? {
        findings.first { $0.rule == rule }?.share
    }

    @Test func subRequestsSideBySideCountOnce() throws {
        // Two sub-searches of 40 ms each, the delegator's whole request 45 ms: side by side.
        let wait = try #require(QueueWait(Constructed.findingsFacts(Self.run(queue: 12, onLeader: 45)), "search"))
        #expect(wait.sideBySide == true && wait.subRequests == 2 && wait.perRequest == 12)
        let found = Findings.of(Self.run(queue: 12, onLeader: 45))
        #expect(abs((Self.share(found, "queue-saturation") ?? 0) - 12.0 / 40) < 0.005)
        #expect(found.first { $0.rule == "queue-saturation" }?.statement.contains("its 2 sub-requests run side by side") == true)
    }

    @Test func subRequestsOneAfterTheOtherCountEach() throws {
        // The whole request 85 ms: two of 40 ms in a row (the midpoint is 60 ms).
        let wait = try #require(QueueWait(Constructed.findingsFacts(Self.run(queue: 12, onLeader: 85)), "search"))
        #expect(wait.sideBySide == false && wait.perRequest == 24)
        #expect(abs((Self.share(Findings.of(Self.run(queue: 12, onLeader: 85)), "queue-saturation") ?? 0) - 24.0 / 40) < 0.005)
    }

    /// The queue (12 ms) lies in the untraced wait for the query node (30 ms): the wait's finding
    /// counts the other 18 ms, and the two together are the wait's 30 ms of 40.
    @Test func aQueueInsideTheUntracedWaitIsTakenOutOfIt() throws {
        let found = Findings.of(Self.run(queue: 12, onLeader: 45, wait: 30))
        let queue = try #require(Self.share(found, "queue-saturation"))
        let wait = try #require(Self.share(found, "untraced-wait"))
        #expect(abs(queue - 12.0 / 40) < 0.005 && abs(wait - 18.0 / 40) < 0.005)
        #expect(found.first { $0.rule == "untraced-wait" }?.statement.contains("the read queue's part (30% of the latency) is a finding of its own, so this one counts the other 45%") == true)
    }

    /// A queue longer than the wait it lies in (Milvus's histogram counts other work) is a caveat.
    @Test func aQueueLongerThanItsWaitIsACaveatNotACause() throws {
        let found = Findings.of(Self.run(queue: 12, onLeader: 45, wait: 10))
        let queue = try #require(found.first { $0.rule == "queue-saturation" })
        #expect(queue.status == .caveat && queue.share == nil)
        #expect(queue.statement.hasPrefix("Milvus's read queue for searches mixes other work: 12.0 ms a sub-search against 10.0 ms of untraced waiting inside Proxy-Search-Execute"), "\(queue.statement)")
        // And longer than the whole latency: against the latency table.
        let longer = try #require(Findings.of(Self.run(queue: 41, onLeader: 45)).first { $0.rule == "queue-saturation" })
        #expect(longer.status == .caveat)
        #expect(longer.statement.contains("41.0 ms a sub-search against 40.0 ms a search (the latency table's mean)"), "\(longer.statement)")
    }

    @Test func anOperationsSharesNeverPassTheWhole() {
        func finding(_ rule: String, _ share: Double) -> Finding {
            Finding(rule: rule, phase: "p", operation: "search", statement: rule, evidence: [], share: share, action: nil, partial: nil)
        }
        let settled = Shares.settle([finding("a", 0.5), finding("b", 0.7), finding("c", 0.2)])
        // Largest first: b 0.7, then a gets the 0.3 left, c nothing.
        let shares = settled.map { $0.share ?? -1 }
        #expect(abs(shares[0] - 0.3) < 1e-9 && shares[1] == 0.7 && abs(shares[2]) < 1e-9)
        #expect(settled[0].partial?.contains("given what they leave") == true && settled[1].partial == nil)
    }

    @Test func identicalFindingsAcrossPhasesAreOneAndTheLeadHoldsFive() {
        func finding(_ rule: String, _ phase: String, _ share: Double?, status: Finding.Status = .finding) -> Finding {
            Finding(
                rule: rule, phase: phase, operation: nil, statement: "\(rule) in \(phase)", evidence: [], share: share,
                action: "act", partial: nil, status: status)
        }
        let findings = [
            finding("background-work", "insert", nil), finding("background-work", "search", nil),
            finding("background-work", "mixed", nil), finding("r1", "p", 0.5), finding("r2", "p", 0.4),
            finding("r3", "p", 0.3), finding("r4", "p", 0.2), finding("r5", "p", 0.1),
            finding("growing-segments", "search", nil, status: .ruledOut), finding("q", "mixed", nil, status: .caveat),
        ]
        let digest = FindingsDigest(findings)
        #expect(digest.lead.map(\.rule) == ["r1", "r2", "r3", "r4", "r5"])
        #expect(digest.more == 1)
        #expect(digest.ruledOut.map(\.statement) == ["growing-segments in search"])
        #expect(digest.caveats.count == 1)
        let background = FindingsDigest(findings, leading: 10).lead.filter { $0.rule == "background-work" }
        #expect(background.count == 1 && background[0].phase == "insert, search and mixed")
    }

    /// The query node saturated on searches in one phase and on queries in another: one cause,
    /// merged whatever the operation and the figures its advice carries ("about 2 workers",
    /// "about 3"), naming each with its share; its figures are the larger one's.
    @Test func identicalFindingsAcrossOperationsMerge() throws {
        let search = Constructed.phase("a", stages: CPUThresholdTests.queueStages(queue: 30), timeline: ["cpu_cores": 1.9])
        var query = Constructed.phase(
            "b",
            stages: [
                Constructed.stage("querynode.queue", "query_type=query", mean: 20, count: 1000, operation: "query"),
                Constructed.stage("querynode.segcore", "query_type=query", mean: 10, count: 1000, operation: "query"),
            ], timeline: ["cpu_cores": 1.9])
        query.operations[0].operation = "query"
        let found = Findings.of(Constructed.run(cores: 2, [search, query])).filter { $0.rule == "queue-saturation" }
        // Two findings, different in operation and in advice: 8 × 10 / 40 = 2 workers, 8 × 10 / 30 → 3.
        #expect(found.count == 2 && Set(found.compactMap(\.operation)) == ["search", "query"])
        #expect(found.contains { $0.action?.hasPrefix("about 2 workers") == true } && found.contains { $0.action?.hasPrefix("about 3 workers") == true })
        let merged = FindingsDigest(found).lead
        #expect(merged.count == 1)
        // 30 of a 40 ms search, 20 of a 40 ms query.
        #expect(merged.first?.phase == "a/search ~75% and b/query ~50%", "\(merged.map(\.phase))")
        #expect(merged.first?.statement.contains("waited 30.0 ms") == true && abs((merged.first?.share ?? 0) - 0.75) < 0.005)
        // Another cause of the same rule (the queue's concurrency limit, CPU to spare) stays apart.
        var limited = found[1]
        limited.cause = "concurrency-limit"
        #expect(FindingsDigest([found[0], limited]).lead.count == 2)
    }
}
