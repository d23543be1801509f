import Foundation
import Results
import Scenario
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

    /// The segments of one split run merge only all together and each once.
    @Test func segmentsMergeWholeOrNotAtAll() throws {
        let (a, b) = try SampleRuns.machines([1, 2, 3], [4, 5, 6])
        var c = b
        c.environment.hostname = "load-3"
        var (s0, s1, s2) = (a, b, c)
        s0.segment = SegmentRecord(index: 0, count: 3)
        s1.segment = SegmentRecord(index: 1, count: 3)
        s2.segment = SegmentRecord(index: 2, count: 3)
        let merged = try RunMerge.merge([s2, s0, s1])
        #expect(merged.segment == nil && merged.phases[0].operations[0].requests == 9)
        #expect(merged.notes.contains { $0.hasPrefix("The 3 segments of one split run") })
        func refusal(_ runs: [RunRecord]) -> String {
            do {
                _ = try RunMerge.merge(runs)
                return "merged"
            } catch {
                return "\(error)"
            }
        }
        #expect(refusal([s0, s2]).hasPrefix("segment 1/3 missing"))
        var again = s1
        again.environment.hostname = "load-4"
        again.segment = SegmentRecord(index: 0, count: 3)
        #expect(refusal([s0, again, s1, s2]).hasPrefix("segment 0/3 given more than once"))
        #expect(refusal([s0, s1, c]).contains("whole runs"))
    }

    /// Concurrent runs that started seconds apart: their timelines line up on the wall clock.
    @Test func concurrentTimelinesAlignOnTheWallClock() throws {
        var (a, b) = try SampleRuns.machines([1], [1])
        a.phases[0].timeline = [TimelinePoint(second: 0, requests: 10, errors: 0, p50Ms: 1, p99Ms: 1)]
        b.phases[0].timeline = [TimelinePoint(second: 0, requests: 7, errors: 0, p50Ms: 1, p99Ms: 1)]
        b.phases[0].startedAt = a.phases[0].startedAt.addingTimeInterval(2)
        let phase = try RunMerge.merge([b, a]).phases[0]
        #expect(phase.startedAt == a.phases[0].startedAt && phase.elapsedSeconds == 12)
        #expect(phase.timeline.map(\.second) == [0, 2] && phase.timeline.map(\.requests) == [10, 7])
    }
}
