import Foundation
import Results
import TestFixtures
import Testing
import Workload

@Suite struct RunRecordTests {
    @Test func runJSONRoundTripsAndHistogramsMerge() throws {
        let record = SampleRuns.run([
            SampleRuns.phaseResult(name: "a", latenciesMs: [1, 2, 3]),
            SampleRuns.phaseResult(name: "b", latenciesMs: [10, 20, 30]),
        ])
        let decoded = try JSONDecoder.iso8601.decode(RunRecord.self, from: try record.jsonData())
        let a = try decoded.phases[0].operations[0].histogram.decode()
        var merged = a
        merged.add(try decoded.phases[1].operations[0].histogram.decode())
        #expect(merged.totalCount == 6)
        #expect(abs(LatencySummary(merged).max - 30) < 0.05)
        #expect(decoded.scenario == record.scenario)
    }

    @Test func aFileThatIsNotARunIsRefusedWithItsName() throws {
        let file = NSTemporaryDirectory() + "traceload-not-a-run-\(UUID().uuidString).json"
        try Data("{\"tool\": 1}".utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        do {
            _ = try RunRecord.load(path: file)
            Issue.record("a file without a run was loaded")
        } catch let error as ResultsError {
            #expect("\(error)".hasPrefix("not a usable run.json: \(file)"))
        }
        #expect(throws: ResultsError.self) { try RunRecord.load(path: file + ".missing") }
    }
}
