import Foundation
import Results
import TestFixtures
import Testing
import Workload

@Suite struct RunMergeTests {
    @Test func mergeEqualsMergedHistograms() throws {
        let (a, b) = try SampleRuns.machines([1, 2, 3, 4], [10, 20, 30, 40, 50])
        let merged = try RunMerge.merge([a, b])
        let operation = try #require(merged.phases.first?.operations.first)
        var histogram = try a.phases[0].operations[0].histogram.decode()
        histogram.add(try b.phases[0].operations[0].histogram.decode())
        #expect(operation.requests == 9)
        #expect(LatencySummary(try operation.histogram.decode()) == LatencySummary(histogram))
        #expect(merged.phases[0].workers == 4)
    }

    /// `merge A A` doubled every count; two runs made one after the other were added up as if
    /// they had run together.
    @Test func mergeRefusesTheSameRunTwiceAndRunsThatDidNotOverlap() throws {
        let (a, b) = try SampleRuns.machines([1, 2, 3, 4], [10, 20, 30, 40, 50])
        #expect(throws: ResultsError.self) { try RunMerge.merge([a, a]) }
        var later = b
        later.startedAt = later.startedAt.addingTimeInterval(3600)
        later.finishedAt = later.finishedAt.addingTimeInterval(3600)
        later.phases[0].startedAt = later.phases[0].startedAt.addingTimeInterval(3600)
        do {
            _ = try RunMerge.merge([a, later])
            Issue.record("runs an hour apart were merged as concurrent")
        } catch let error as ResultsError {
            #expect("\(error)".contains("--sequential"))
        }
        // Sequential: one phase as long as both, throughput over the total time, not added up.
        let sequential = try RunMerge.merge([a, later], sequential: true)
        let phase = sequential.phases[0]
        #expect(phase.operations[0].requests == 9 && phase.elapsedSeconds == 20 && phase.workers == 2)
    }
}
