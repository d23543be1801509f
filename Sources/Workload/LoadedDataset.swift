import Dataset
import Foundation
import Scenario

/// A scenario's dataset once its files are opened: the vectors the collection is preloaded with
/// (read a block at a time), and the queries with their ground truth, in memory.
package struct LoadedDataset: Sendable {
    package let vectors: VectorFile
    package let queries: QuerySet?

    package init(vectors: VectorFile, queries: QuerySet?) {
        self.vectors = vectors
        self.queries = queries
    }

    /// Opens the scenario's files; nil when it names none. The ground truth is read from
    /// `groundTruth`, or computed exactly over the preloaded rows (and cached beside the queries)
    /// when some phase checks recall; it must reach as deep as the deepest such phase's topk.
    package static func load(_ scenario: Scenario, log: (String) -> Void) throws -> LoadedDataset? {
        let spec = scenario.dataset
        guard let vectorsPath = spec.vectors else { return nil }
        let vectors = try VectorFile(path: vectorsPath)
        guard let queriesPath = spec.queries else { return LoadedDataset(vectors: vectors, queries: nil) }
        let queryFile = try VectorFile(path: queriesPath)
        let queryVectors = try queryFile.floats(0..<queryFile.rows)
        let depth = scenario.phases.filter { $0.search.recall != nil && $0.mix[.search] != nil }.map(\.search.topk)
            .max()
        guard let depth else {
            return LoadedDataset(
                vectors: vectors,
                queries: QuerySet(vectors: queryVectors, dimension: queryFile.dimension, truth: nil, k: 0))
        }
        let truth: [[Int64]]
        if let truthPath = spec.groundTruth {
            let file = try VectorFile(path: truthPath)
            guard file.dimension >= depth else {
                throw DatasetError(
                    truthPath,
                    "holds \(file.dimension) neighbours per query; recall@\(depth) (search.topk) needs at least \(depth)"
                )
            }
            truth = try file.integerRows()
            log("ground truth: \(file.rows) queries × \(file.dimension) neighbours from \(truthPath)")
        } else {
            let started = Date()
            let metric = GroundTruth.Metric(rawValue: scenario.collection.metric.rawValue) ?? .l2
            let result = try GroundTruth.cached(
                vectors: vectors, rows: spec.preloadRows, queries: queryFile, k: depth, metric: metric)
            truth = result.ids
            log(
                result.cached
                    ? "ground truth: \(queryFile.rows) queries × \(depth) neighbours from the cache \(result.cacheFile)"
                    : "ground truth: computed exactly for \(queryFile.rows) queries over \(spec.preloadRows) vectors (\(metric.rawValue), k = \(depth)) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s; cached in \(result.cacheFile)"
            )
        }
        return LoadedDataset(
            vectors: vectors,
            queries: QuerySet(vectors: queryVectors, dimension: queryFile.dimension, truth: truth, k: depth))
    }
}
