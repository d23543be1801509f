import Dataset
import Foundation
import Testing

extension RunAgainstMilvusTests {
    /// Recall against exact neighbours on a dataset from files: FLAT finds them, a wrong ground
    /// truth makes recall collapse (and the threshold fail the run), and a starved HNSW finds fewer.
    @Test func recallAgainstExactNeighboursOfAFileDataset() throws {
        let dir = CLIHarness.temporaryDirectory("recall")
        let (rows, queries, dimension) = (6_000, 100, 48)
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func draw() -> Float {  // uniform in [-1, 1), reproducible
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 23) - 1
        }
        try VectorFileWriter.npy(
            (0..<(rows * dimension)).map { _ in draw() }, dimension: dimension, to: dir + "/base.npy")
        try VectorFileWriter.npy(
            (0..<(queries * dimension)).map { _ in draw() }, dimension: dimension, to: dir + "/queries.npy")
        // Every query's "neighbours" are rows no search can find first: a deliberately wrong truth.
        try VectorFileWriter.ivecs(
            (0..<queries).map { q in (0..<10).map { Int64((q * 10 + $0) % rows) } }, to: dir + "/wrong.ivecs")

        let (milvus, started) = try BackgroundRun.embeddedMilvus(in: dir)
        defer {
            milvus.process.interrupt()
            _ = milvus.waitForExit(timeoutSeconds: 60)
        }
        let uri = try #require(started, "\(milvus.stderr.suffix(600))")

        func run(_ name: String, index: String, search: String, truth: String = "") throws -> (
            status: Int32, recall: Double?, log: String
        ) {
            let scenario = try CLIHarness.writeScenario(
                in: dir,
                """
                name: \(name)
                milvus: { uri: "\(uri)" }
                collection: { name: \(name.replacingOccurrences(of: "-", with: "_")), dim: \(dimension), metric: L2, index: \(index) }
                dataset: { vectors: base.npy, queries: queries.npy\(truth) }
                tracing: { enabled: false }
                phases:
                  - { name: search, requests: 300, workers: 2, mix: search, search: { topk: 10, recall: true\(search) } }
                thresholds: { search.recall: ">= 0.99" }
                """)
            let out = dir + "/" + name
            let result = try CLIHarness.run(["run", scenario, "--out", out])
            let row = try readCSV(out + "/latency.csv").first { $0["operation"] == "search" }
            return (result.status, row?["recall"].flatMap(Double.init), result.stderr)
        }

        let flat = try run("recall-flat", index: "{ type: FLAT }", search: "")
        #expect(flat.status == 0, "\(flat.log.suffix(1500))")
        #expect((flat.recall ?? 0) >= 0.99, "FLAT recall \(String(describing: flat.recall))")
        #expect(
            flat.log.contains("ground truth: computed exactly for 100 queries over 6000 vectors (L2, k = 10)"),
            "\(flat.log.suffix(1500))")

        let wrong = try run("recall-wrong", index: "{ type: FLAT }", search: "", truth: ", groundTruth: wrong.ivecs")
        #expect(wrong.status == 4, "the recall threshold should fail the run: \(wrong.log.suffix(800))")
        #expect((wrong.recall ?? 1) < 0.05, "recall against a wrong truth \(String(describing: wrong.recall))")

        let hnsw = try run(
            "recall-hnsw", index: "{ type: HNSW, params: { M: 4, efConstruction: 8 } }", search: ", params: { ef: 10 }")
        #expect(hnsw.log.contains("from the cache"), "the second run over the same files should reuse the ground truth")
        #expect(
            (hnsw.recall ?? 1) < (flat.recall ?? 0),
            "HNSW ef 10: \(String(describing: hnsw.recall)), FLAT: \(String(describing: flat.recall))")
        #expect((hnsw.recall ?? 0) > 0.05, "HNSW should still find some neighbours: \(String(describing: hnsw.recall))")
    }
}
