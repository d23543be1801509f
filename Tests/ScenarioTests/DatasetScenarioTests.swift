import Dataset
import Foundation
import Testing

@testable import Scenario

/// `dataset:` with vector files: paths relative to the scenario, headers checked when it is read.
@Suite struct DatasetScenarioTests {
    let dir: String = {
        let dir = NSTemporaryDirectory() + "traceload-dataset-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        try? VectorFileWriter.npy([Float](repeating: 0.5, count: 300 * 8), dimension: 8, to: dir + "/data/base.npy")
        try? VectorFileWriter.npy([Float](repeating: 0.5, count: 20 * 8), dimension: 8, to: dir + "/data/queries.npy")
        try? VectorFileWriter.ivecs([[Int64]](repeating: [1, 2, 3], count: 20), to: dir + "/data/truth.ivecs")
        try? VectorFileWriter.npy([Float](repeating: 0.5, count: 20 * 4), dimension: 4, to: dir + "/data/narrow.npy")
        return dir
    }()

    func decode(_ yaml: String) throws -> Scenario {
        try ScenarioLoader.decode(yaml: yaml, file: dir + "/scenario.yaml")
    }

    func issues(_ yaml: String) -> [ScenarioIssue] {
        do {
            _ = try decode(yaml)
            return []
        } catch let error as ScenarioError {
            return error.issues
        } catch {
            return []
        }
    }

    @Test func filesAreFoundBesideTheScenarioAndPreloadedWhole() throws {
        let scenario = try decode(
            """
            collection: { dim: 8 }
            dataset: { vectors: data/base.npy, queries: data/queries.npy, groundTruth: data/truth.ivecs }
            phases: [{ requests: 10, mix: search, search: { topk: 3, recall: 0.5 } }]
            """)
        #expect(
            scenario.dataset.vectors == dir + "/data/base.npy" && scenario.dataset.queries == dir + "/data/queries.npy")
        #expect(scenario.dataset.preloadRows == 300)
        #expect(scenario.phases[0].search.recall == 0.5)
    }

    @Test func eachDatasetMistakeNamesItsFieldAndLine() {
        let missing = issues(
            """
            collection: { dim: 8 }
            dataset:
              vectors: data/absent.npy
            phases: [{ requests: 10, mix: search }]
            """)
        #expect(missing.first?.field == "dataset.vectors" && missing.first?.line == 3, "\(missing)")
        #expect(missing.first?.message.contains("absent.npy: cannot open the file") == true, "\(missing)")

        let narrow = issues(
            """
            collection: { dim: 8 }
            dataset:
              vectors: data/base.npy
              queries: data/narrow.npy
            phases: [{ requests: 10, mix: search }]
            """)
        #expect(narrow.map(\.field) == ["dataset.queries"] && narrow.first?.line == 4, "\(narrow)")
        #expect(narrow.first?.message.contains("dimension 4; the collection's dim is 8") == true, "\(narrow)")

        let recall = issues(
            """
            collection: { dim: 8 }
            phases: [{ requests: 10, mix: search, search: { recall: true } }]
            """)
        #expect(recall.map(\.field) == ["phases[0].search.recall"], "\(recall)")

        let partial = issues(
            """
            collection: { dim: 8 }
            dataset: { vectors: data/base.npy, queries: data/queries.npy, groundTruth: data/truth.ivecs, preload: 100 }
            phases: [{ requests: 10, mix: search }]
            """)
        #expect(partial.map(\.field) == ["dataset.preload"], "\(partial)")

        let swapped = issues(
            """
            collection: { dim: 8 }
            dataset: { vectors: data/truth.ivecs }
            phases: [{ requests: 10, mix: search }]
            """)
        #expect(swapped.first?.message.contains("expected vectors") == true, "\(swapped)")
    }

    @Test func recallThresholdsAreForSearches() {
        #expect((try? Threshold.parse(key: "search.recall", condition: ">= 0.95").get())?.metric == "recall")
        #expect((try? Threshold.parse(key: "query.recall", condition: ">= 0.95").get()) == nil)
    }
}
