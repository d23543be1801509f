import Foundation
import Results
import TestFixtures
import Testing

@testable import Findings

/// The rules on real runs whose causes are known (Tests/Fixtures/runs/findings, each with its
/// scenario): each names what is there with the run's own figures, and says nothing of what is not.
@Suite struct RecordedRunsTests {
    static func findings(_ name: String) throws -> [Finding] {
        Findings.of(try RunRecord.load(path: Fixtures.path("runs/findings/\(name)/run.json")))
    }

    static func rules(_ findings: [Finding], phase: String) -> Set<String> {
        Set(findings.filter { $0.phase == phase }.map(\.rule))
    }

    /// The demo's search phase: 8 workers on 2 cores, after an insert phase left 556,100 rows in
    /// growing segments.
    @Test func theQuickstartsSearchPhaseNamesTheQueueTheGrowingSegmentsAndTheMergedSearches() throws {
        let findings = try Self.findings("quickstart")
        let saturation = try #require(findings.first { $0.rule == "queue-saturation" && $0.phase == "search" })
        #expect(saturation.statement.hasPrefix("The query node is saturated: each sub-search waited 32.2 ms in the read queue against 28.4 ms of segcore work, with Milvus at 1.9 of 2 cores"), "\(saturation.statement)")
        #expect(saturation.action?.contains("workers instead of 8") == true)
        let growing = try #require(findings.first { $0.rule == "growing-segments" && $0.phase == "search" })
        #expect(growing.statement.contains("up to 556,100 rows"), "\(growing.statement)")
        let merged = try #require(findings.first { $0.rule == "merged-searches" && $0.phase == "search" })
        #expect(merged.statement.contains("2892 sub-searches into 1179 tasks"), "\(merged.statement)")
        #expect(findings.contains { $0.rule == "untraced-wait" && $0.phase == "search" })
        // Nothing else held the machine; the open loop that fell behind its rate leads, since its
        // latencies are those of a lower load than asked.
        #expect(!findings.contains { $0.rule == "shared-machine" && $0.questionsTheMeasurement })
        #expect(findings.first?.rule == "fell-behind" && findings.first?.phase == "mixed")
    }

    /// In the quickstart the growing segments were no slower than the sealed ones: said, not blamed.
    @Test func growingSegmentsNoSlowerThanSealedOnesAreNotBlamed() throws {
        let growing = try #require(try Self.findings("quickstart").first { $0.rule == "growing-segments" && $0.phase == "search" })
        #expect(growing.statement.contains("no longer than a sealed, indexed one (25.8 against 31.1 ms per sub-search)"))
        #expect(growing.share == nil && growing.action == nil && growing.status == .ruledOut)
    }

    /// On every recorded run: an operation's findings explain at most all of its latency; no
    /// finding states a queue or a wait longer than the operation's mean latency (the latency
    /// table's); a saturation finding explains at most one sub-request's queue over that mean.
    @Test(arguments: ["quickstart", "busy-machine", "one-worker", "insert-and-search", "more-workers"])
    func sharesAddUpAndNoFindingContradictsTheLatencyTable(name: String) throws {
        let record = try RunRecord.load(path: Fixtures.path("runs/findings/\(name)/run.json"))
        let causes = Findings.of(record).filter { $0.status == .finding }
        var total: [String: Double] = [:]
        for finding in causes {
            guard let operation = finding.operation else { continue }
            total[finding.phase + "/" + operation, default: 0] += finding.share ?? 0
            let table = try #require(record.phases.first { $0.name == finding.phase }?.operations.first { $0.operation == operation })
            let mean = try LatencySummary(table.histogram).mean
            for evidence in finding.evidence where evidence.name.hasPrefix("untraced inside") || evidence.name == "queue per request" {
                #expect(evidence.value <= mean, "\(finding.statement)")
            }
            if finding.rule == "queue-saturation", let queue = finding.evidence.first(where: { $0.name == "querynode.queue mean" }),
                let subRequests = finding.evidence.first(where: { $0.name == "sub-requests per request" })
            {
                // Side by side, a request waits one queue; one after the other, each in turn.
                let queues = finding.statement.contains("one after the other") ? subRequests.value : 1
                #expect(try #require(finding.share) <= queues * queue.value / mean + 1e-9, "\(finding.statement)")
            }
        }
        #expect(total.values.allSatisfy { $0 <= 1 + 1e-9 }, "\(total)")
    }

    @Test func aMachineFullOfOtherWorkComesFirst() throws {
        let findings = try Self.findings("busy-machine")
        let first = try #require(findings.first)
        #expect(first.rule == "shared-machine" && first.questionsTheMeasurement)
        #expect(first.statement.hasPrefix("Other processes took"), "\(first.statement)")
        let queue = try #require(findings.first { $0.rule == "queue-saturation" && $0.phase == "search" })
        #expect(queue.statement.contains("Milvus waited for CPU that other processes held"), "\(queue.statement)")
    }

    /// One worker at 20 searches/s: silent about saturation, growing segments, the machine and
    /// falling behind (what it does say, the untraced wait, is there in any traced run).
    @Test func oneWorkerOnAnIndexedCollectionFindsNoSaturation() throws {
        let findings = try Self.findings("one-worker")
        let silent: Set<String> = [
            "queue-saturation", "growing-segments", "background-work", "shared-machine", "fell-behind", "useless-concurrency",
        ]
        #expect(Self.rules(findings, phase: "search").isDisjoint(with: silent), "\(findings.map(\.statement))")
    }

    @Test func insertingWhileSearchingNamesTheGrowingSegments() throws {
        let findings = try Self.findings("insert-and-search")
        let growing = try #require(findings.first { $0.rule == "growing-segments" })
        #expect(growing.statement.hasPrefix("Searches scanned growing segments (rows not yet sealed and indexed): up to 170,000 rows; a growing segment took 2.4 ms per sub-search against 0.3 ms for a sealed, indexed one"), "\(growing.statement)")
        #expect(growing.action?.hasPrefix("this phase inserts") == true)
        // Two cores kept up with 10 requests/s: no saturation to name.
        #expect(!findings.contains { $0.rule == "queue-saturation" })
    }

    @Test func fourTimesTheWorkersForAFifthMoreThroughputIsUselessConcurrency() throws {
        let findings = try Self.findings("more-workers")
        let useless = try #require(findings.first { $0.rule == "useless-concurrency" })
        #expect(useless.phase == "search-32")
        #expect(useless.statement.contains("from 8 workers (phase search-8) to 32"), "\(useless.statement)")
        #expect(useless.statement.contains("(+20%)") && useless.statement.contains("p50 went from 5.7 to 20.0 ms"), "\(useless.statement)")
        #expect(!findings.contains { $0.rule == "useless-concurrency" && $0.phase == "search-8" })
    }

    /// The figures docs/reports.md quotes from these runs.
    @Test func theFiguresTheReportsPageQuotes() throws {
        let quickstart = try Self.findings("quickstart")
        let wait = try #require(quickstart.first { $0.rule == "untraced-wait" && $0.phase == "search" })
        #expect(wait.statement.hasPrefix("76.2 ms of the 110 ms of a traced search is waiting inside Proxy-Search-Execute, untraced"), "\(wait.statement)")
        #expect(wait.statement.hasSuffix("the read queue's part (29% of the latency) is a finding of its own, so this one counts the other 40%"), "\(wait.statement)")
        #expect(percent(try #require(wait.share)) == "40%")
        let queue = try #require(quickstart.first { $0.rule == "queue-saturation" && $0.phase == "search" })
        #expect(percent(try #require(queue.share)) == "29%")
        #expect(queue.statement.contains("its 2 sub-requests run side by side (the delegator's whole request 107 ms, one sub-request 89.0 ms)"), "\(queue.statement)")
        #expect(queue.action?.hasPrefix("about 4 workers instead of 8") == true)
        let busy = try #require(try Self.findings("busy-machine").first)
        #expect(busy.statement.hasPrefix("Other processes took 1.0 of the machine's 2 cores (the machine at 2.0, Milvus 0.9, traceload 0.1)"), "\(busy.statement)")
    }
}
