import Testing

@testable import Scenario

/// One scenario split over N load generators: shares that add up to the whole.
@Suite struct SegmentTests {
    func scenario(_ phases: String) throws -> Scenario {
        try ScenarioLoader.decode(
            yaml: "milvus: { uri: \"http://milvus:19530\" }\ncollection: { dim: 8 }\nphases:\n" + phases, file: "s.yaml"
        )
    }

    @Test func sharesAddUpToTheWhole() throws {
        let whole = try scenario(
            """
              - { name: closed, requests: 1000, workers: 10, mix: search }
              - { name: open, duration: 10s, workers: 30, rate: { from: 300, to: 3000 }, mix: search }
            """)
        let parts = try (0..<3).map { try whole.segmented(ExecutionSegment(index: $0, count: 3)) }
        #expect(parts.map(\.phases[0].workers) == [4, 3, 3])
        #expect(parts.map(\.phases[0].length) == [.requests(334), .requests(333), .requests(333)])
        #expect(parts.map(\.phases[1].workers) == [10, 10, 10])
        #expect(abs(parts.map { $0.phases[1].rate?.end ?? 0 }.reduce(0, +) - 3000) < 1e-9)
        #expect(parts[0].phases[1].rate?.start == 100 && parts[0].phases[1].length == .duration(seconds: 10))
        // Each segment its own seeds; segment 0 keeps the scenario's (its preload is the whole run's).
        #expect(parts[0].dataset.seed == whole.dataset.seed && Set(parts.map(\.dataset.seed)).count == 3)
        #expect(try whole.segmented(ExecutionSegment(index: 0, count: 1)) == whole)
    }

    @Test func aScenarioThatCannotBeSplitSaysWhy() throws {
        let few = try scenario("  - { name: thin, duration: 5s, workers: 2, mix: search }\n")
        #expect(throws: ExecutionSegmentError("phase thin has 2 workers: 3 segments need at least 3, one each")) {
            try few.segmented(ExecutionSegment(index: 0, count: 3))
        }
        let embedded = try ScenarioLoader.decode(
            yaml: "collection: { dim: 8 }\nphases: [{ duration: 5s, workers: 4, mix: search }]", file: "e.yaml")
        #expect(throws: ExecutionSegmentError.self) { try embedded.segmented(ExecutionSegment(index: 1, count: 2)) }
    }

    @Test func segmentsComeFromTheCommandLineOrAnIndexedJob() throws {
        #expect(ExecutionSegment(parsing: "2/3") == ExecutionSegment(index: 2, count: 3))
        #expect(ExecutionSegment(parsing: "3/3") == nil && ExecutionSegment(parsing: "x/3") == nil && ExecutionSegment(parsing: "1") == nil)
        #expect(try ExecutionSegment.fromEnvironment(["TRACELOAD_SEGMENT": "1/4"]) == ExecutionSegment(index: 1, count: 4))
        #expect(
            try ExecutionSegment.fromEnvironment(["JOB_COMPLETION_INDEX": "2", "TRACELOAD_SEGMENTS": "3"])
                == ExecutionSegment(index: 2, count: 3))
        // A completion index alone is some other Job's; a count without an index is a mistake.
        #expect(try ExecutionSegment.fromEnvironment(["JOB_COMPLETION_INDEX": "2"]) == nil)
        #expect(throws: ExecutionSegmentError.self) { try ExecutionSegment.fromEnvironment(["TRACELOAD_SEGMENTS": "3"]) }
        #expect(throws: ExecutionSegmentError.self) {
            try ExecutionSegment.fromEnvironment(["JOB_COMPLETION_INDEX": "3", "TRACELOAD_SEGMENTS": "3"])
        }
    }
}
