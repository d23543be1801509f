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
        #expect((try? Threshold.parse(key: "search.recall", condition: ">= 0.95").get())?.metric == .recall)
        #expect((try? Threshold.parse(key: "query.recall", condition: ">= 0.95").get()) == nil)
    }

    /// A filtered search checked for recall needs a filter traceload can evaluate; a filter naming
    /// a field the collection lacks is a mistake whatever else it does.
    @Test func filtersAreCheckedForRecallAndAgainstTheCollectionsFields() {
        let unsupported = issues(
            """
            collection: { dim: 8, fields: [{ name: tenant_id, type: int64 }] }
            dataset: { vectors: data/base.npy, queries: data/queries.npy }
            phases: [{ requests: 10, mix: search, search: { topk: 3, recall: true, filter: "json_contains(meta, 1)" } }]
            """)
        #expect(unsupported.contains { $0.message.contains("recall with a filter needs one traceload can evaluate") && $0.message.contains("json_contains") })
        let misspelt = issues(
            """
            collection: { dim: 8, fields: [{ name: tenant_id, type: int64 }] }
            phases: [{ requests: 10, mix: search, search: { filter: "tenantid == 4" } }]
            """)
        #expect(misspelt.contains { $0.field == "phases[0].search.filter" && $0.message.contains("did you mean 'tenant_id'") && $0.line == 2 })
        let wrongType = issues(
            """
            collection: { dim: 8, fields: [{ name: tenant_id, type: int64 }] }
            dataset: { vectors: data/base.npy, queries: data/queries.npy }
            phases: [{ requests: 10, mix: search, search: { topk: 3, recall: true, filter: "tenant_id == \\"a\\"" } }]
            """)
        #expect(wrongType.contains { $0.message.contains("tenant_id is int64") })
    }

    @Test func aSweptSearchParameterIsAPhasePerValue() throws {
        let scenario = try decode(
            """
            collection: { dim: 8, index: { type: HNSW } }
            dataset: { vectors: data/base.npy, queries: data/queries.npy }
            phases: [{ name: s, requests: 10, mix: search, search: { topk: 3, recall: true, params: { ef: [8, 16, 32] } } }]
            """)
        #expect(scenario.phases.map(\.name) == ["s-ef8", "s-ef16", "s-ef32"])
        #expect(scenario.phases.map { $0.search.params["ef"] } == ["8", "16", "32"])
        #expect(scenario.phases.allSatisfy { $0.curve?.group == "s" && $0.curve?.parameter == "ef" })
        let bad = issues(
            """
            collection: { dim: 8, index: { type: HNSW } }
            phases: [{ requests: 10, mix: search, search: { topk: 10, params: { ef: [16, 5] } } }]
            """)
        #expect(bad.contains { $0.field.hasSuffix("params.ef") }, "\(bad)")
    }
}
