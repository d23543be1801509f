import Results
import TestFixtures
import Testing

@testable import Report

@Suite struct CurveReportTests {
    @Test func pointsOfASweepMakeACurveWithItsParetoPointsMarked() throws {
        // ef 16: fast, low recall; ef 32: slower, higher; ef 48: slower still and no better (dominated).
        let results = [(16, 2.0, 0.90), (32, 4.0, 0.97), (48, 6.0, 0.96)].map { ef, ms, _ in
            SampleRuns.phaseResult(name: "s-ef\(ef)", latenciesMs: Array(repeating: ms, count: 200))
        }
        var run = SampleRuns.run(results)
        for (index, (ef, recall)) in [(16, 0.90), (32, 0.97), (48, 0.96)].enumerated() {
            run.phases[index].curve = CurvePointRecord(group: "s", parameter: "ef", value: String(ef))
            run.phases[index].elapsedSeconds = [2, 4, 6][index]  // 100, 50, 33 searches a second
            run.phases[index].operations[0].recall = RecallRecord(
                searches: 200, hits: Int(recall * 2000), expected: 2000)
        }
        let points = CurveReport.points(run)
        #expect(points.map(\.value) == ["16", "32", "48"])
        #expect(points.map(\.pareto) == [true, true, false])
        let csv = CurveReport.csv(points).split(separator: "\n")
        #expect(csv[0] == Substring(CurveReport.header))
        #expect(csv[1].hasPrefix("s,ef,16,s-ef16,0.9000,100.0,"))
        #expect(CurveReport.html(points).components(separatedBy: "<svg").count - 1 == 2)
    }
}
