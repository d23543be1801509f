@testable import Analysis
import Results
import ServerMetrics
import Testing

@testable import Findings

/// No share is silently capped: a figure longer than the operation's whole mean latency is a
/// caveat, and a share that cannot be worked out is not stated. Searches of 40 ms.
@Suite struct UncappedSharesTests {
    /// The traced rootcoord (50 ms) longer than a search in the latency table (40 ms): the traced
    /// requests are not like the others; no share, not 100%.
    @Test func aTracedComponentLongerThanTheTablesMeanIsACaveat() throws {
        let breakdown = Constructed.breakdown(components: [("client+wire", 4), ("rootcoord", 50)])
        let run = Constructed.run(cores: 2, [Constructed.phase()], breakdowns: [breakdown])
        let finding = try #require(Findings.of(run).first { $0.rule == "largest-component" })
        #expect(finding.status == .caveat && finding.share == nil)
        #expect(finding.statement.hasPrefix("rootcoord took 50.0 ms of a traced search, more than the 40.0 ms a search took in the latency table"), "\(finding.statement)")
        // 30 ms of it: a share, the smaller of the traced requests' own (30 of their 34 ms) and 30 / 40.
        let within = Constructed.breakdown(components: [("client+wire", 4), ("rootcoord", 30)])
        let stated = try #require(
            Findings.of(Constructed.run(cores: 2, [Constructed.phase()], breakdowns: [within])).first { $0.rule == "largest-component" })
        #expect(stated.status == .finding && abs((stated.share ?? 0) - 30.0 / 40) < 0.005, "\(stated.share ?? -1)")
    }

    static func growing(_ stages: [StageRow]) -> Finding? {
        let phase = Constructed.phase(stages: stages, timeline: ["growing_rows": 5000])
        return Constructed.findings(GrowingSegments(), Constructed.run(cores: 2, [phase])).first
    }

    /// Without a sealed segment's time, the whole growing time is not what sealing saves.
    @Test func growingSegmentsWithoutASealedFigureStateNoShare() throws {
        let finding = try #require(
            Self.growing([Constructed.stage("querynode.segment", "query_type=search;segment_state=Growing", mean: 12, count: 900)]))
        #expect(finding.status == .finding && finding.share == nil)
        #expect(finding.partial?.contains("no sealed segment's time to set against") == true, "\(finding.partial ?? "")")
    }

    /// 900 growing sub-searches 60 ms each against 2 ms sealed, over 1,000 searches: 52.2 ms a
    /// search of 40 ms. Milvus's histogram counts more than these searches: a caveat.
    @Test func growingSegmentsLongerThanTheLatencyAreACaveat() throws {
        let finding = try #require(
            Self.growing([
                Constructed.stage("querynode.segment", "query_type=search;segment_state=Growing", mean: 60, count: 900),
                Constructed.stage("querynode.segment", "query_type=search;segment_state=Sealed", mean: 2, count: 1000),
            ]))
        #expect(finding.status == .caveat && finding.share == nil)
        #expect(finding.statement.contains("growing segments would add 52.2 ms to a search against 40.0 ms a search"), "\(finding.statement)")
    }

    /// The sub-searches side by side (the delegator's whole request under the midpoint of one
    /// sub-request, 40 ms, and two in a row, 80: 60 ms) share the growing segments' extra time:
    /// (12 − 2) × 900 / 1,000 = 9 ms, halved side by side.
    @Test(arguments: [2, 8, 64]) func growingSegmentsSideBySideCountOnceFromTheMidpoint(cores: Int) throws {
        func share(onLeader: Double) -> Double? {
            let stages =
                CPUThresholdTests.queueStages(queue: 6, work: 10, onLeader: onLeader) + [
                    Constructed.stage("querynode.segment", "query_type=search;segment_state=Growing", mean: 12, count: 900),
                    Constructed.stage("querynode.segment", "query_type=search;segment_state=Sealed", mean: 2, count: 1000),
                ]
            let phase = Constructed.phase(stages: stages, timeline: ["growing_rows": 5000])
            return Constructed.findings(GrowingSegments(), Constructed.run(cores: cores, [phase])).first?.share
        }
        #expect(abs((share(onLeader: 59) ?? 0) - 4.5 / 40) < 0.005)
        #expect(abs((share(onLeader: 61) ?? 0) - 9.0 / 40) < 0.005)
    }
}
