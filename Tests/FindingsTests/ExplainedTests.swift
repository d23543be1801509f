@testable import Analysis
import Results
import Testing

@testable import Findings

/// What always gets a word: the component that holds most of an operation's latency, and a
/// search that misses its neighbours.
@Suite struct ExplainedTests {
    static let machines = [2, 8, 64]

    static func recall(cores: Int, hits: Int) -> Finding? {
        var phase = Constructed.phase()
        phase.operations[0].recall = RecallRecord(searches: 100, hits: hits, expected: 1000)
        return Constructed.findings(LowRecall(), Constructed.run(cores: cores, [phase])).first
    }

    @Test(arguments: machines) func recallUnderNineTenthsIsAFinding(cores: Int) {
        #expect(LowRecall().minimumRecall == 0.9)
        #expect(Self.recall(cores: cores, hits: 900) == nil)
        // Just either side of 0.9: 901 of 1,000 neighbours found is enough, 899 is not.
        #expect(Self.recall(cores: cores, hits: 901) == nil)
        #expect(Self.recall(cores: cores, hits: 899)?.statement.contains("recall@k 0.90 over 100 checked searches") == true)
        let low = Self.recall(cores: cores, hits: 490)
        #expect(low?.statement.hasPrefix("Searches found only 49% of their true neighbours (recall@k 0.49 over 100 checked searches)") == true)
        #expect(low?.action?.contains("ef") == true)
    }

    /// rootcoord holds 16 of a 40 ms search, and no rule speaks for it: named, with its longest
    /// span in the slowest trace.
    @Test func theLargestComponentIsNamedWhenNoRuleSpeaksForIt() throws {
        var breakdown = Constructed.breakdown(components: [("client+wire", 4), ("proxy", 12), ("rootcoord", 16), ("segcore", 8)])
        breakdown.slowestTrace = [
            TreeLine(depth: 0, name: "/Search", service: "traceload", component: "client+wire", durationMs: 60, startOffsetMs: 0),
            TreeLine(depth: 2, name: "RootCoord/AllocTimestamp", service: "standalone", component: "rootcoord", durationMs: 24, startOffsetMs: 1),
        ]
        breakdown.slowestRequestMs = 60
        let run = Constructed.run(cores: 2, [Constructed.phase()], breakdowns: [breakdown])
        let finding = try #require(Findings.of(run).first { $0.rule == "largest-component" })
        #expect(finding.statement == "rootcoord holds the largest share of a search's latency, 16.0 ms of 40.0 in the traces (40%); in the slowest trace (60.0 ms), RootCoord/AllocTimestamp took 24.0 ms")
        #expect(abs((finding.share ?? 0) - 16.0 / 40) < 0.005)
        #expect(finding.action?.hasPrefix("what would tell more: ") == true)
    }

    /// An untraced wait in the proxy speaks for the proxy: no second finding of it.
    @Test func aComponentAnotherFindingSpeaksForIsNotNamedAgain() {
        let breakdown = Constructed.breakdown(
            components: [("client+wire", 4), ("proxy", 36)], untraced: [("Proxy-Search-Execute", 30)])
        let run = Constructed.run(cores: 2, [Constructed.phase()], breakdowns: [breakdown])
        let found = Findings.of(run)
        #expect(found.contains { $0.rule == "untraced-wait" })
        #expect(!found.contains { $0.rule == "largest-component" })
    }

    /// An open loop behind its rate: the traces' client queue is said, and Little's law counts a
    /// worker's time from the send (40 ms in the table, 30 of them queued: 10 ms a request, so
    /// 181/s holds 1.8 of 8 workers, not 7.2).
    @Test func anOpenLoopBehindItsRateSaysWhatItsRequestsWaitedBeforeTheSend() throws {
        let breakdown = Constructed.breakdown(components: [("client queue", 30), ("client+wire", 2), ("proxy", 8)])
        let phase = Constructed.phase(workers: 8, rate: 181, unsent: 100)
        let finding = try #require(
            Constructed.findings(FellBehind(), Constructed.run(cores: 2, [phase], breakdowns: [breakdown])).first)
        #expect(finding.statement.contains("though they were not all busy on average"), "\(finding.statement)")
        #expect(finding.statement.hasSuffix("a traced search waited 30.0 ms behind its schedule before it was sent (client queue, 75% of its latency)"))
        #expect(finding.questionsTheMeasurement)
    }

    /// The client queue (time behind the schedule, spent in traceload) has no spans: what would
    /// change it is the load, not a span to read.
    @Test func theClientQueueIsPointedAtTheLoadNotAtSpans() throws {
        let breakdown = Constructed.breakdown(components: [("client queue", 30), ("client+wire", 2), ("proxy", 8)])
        let run = Constructed.run(cores: 2, [Constructed.phase(workers: 8, rate: 100)], breakdowns: [breakdown])
        let finding = try #require(Findings.of(run).first { $0.rule == "largest-component" })
        #expect(finding.statement.hasPrefix("client queue holds the largest share"))
        let action = try #require(finding.action)
        #expect(action.contains("more workers") && action.contains("a lower rate") && action.contains("fell-behind"), "\(action)")
        #expect(!action.contains("spans in the complete traces"))
    }
}
