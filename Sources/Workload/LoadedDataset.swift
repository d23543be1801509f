import Dataset
import Foundation
import Scenario

/// A scenario's dataset once its files are opened: the vectors the collection is preloaded with
/// (read a block at a time), and the queries with their ground truth, in memory: one truth per
/// filter a recall-checking phase searches with (the nearest neighbours among the rows it selects).
package struct LoadedDataset: Sendable {
    package let vectors: VectorFile
    package let queries: QuerySet?
    /// The truth of searches with a filter, by the filter's text.
    let filtered: [String: QuerySet]

    package init(vectors: VectorFile, queries: QuerySet?, filtered: [String: QuerySet] = [:]) {
        self.vectors = vectors
        self.queries = queries
        self.filtered = filtered
    }

    /// What searches with `filter` are checked against.
    package func querySet(filter: String?) -> QuerySet? {
        guard let filter else { return queries }
        return filtered[filter]
    }

    /// Opens the scenario's files; nil when it names none. The ground truth is read from
    /// `groundTruth`, or computed exactly over the preloaded rows (and cached beside the queries)
    /// when some phase checks recall; it must reach as deep as the deepest such phase's topk. A
    /// phase that filters gets the truth among the rows its filter selects, always computed
    /// (a truth file knows nothing of filters).
    package static func load(_ scenario: Scenario, log: (String) -> Void) throws -> LoadedDataset? {
        let spec = scenario.dataset
        guard let vectorsPath = spec.vectors else { return nil }
        let vectors = try VectorFile(path: vectorsPath)
        guard let queriesPath = spec.queries else { return LoadedDataset(vectors: vectors, queries: nil) }
        let queryFile = try VectorFile(path: queriesPath)
        let queryVectors = try queryFile.floats(0..<queryFile.rows)
        let checking = scenario.phases.filter { $0.search.recall != nil && $0.mix[.search] != nil }
        let metric = GroundTruth.Metric(rawValue: scenario.collection.metric.rawValue) ?? .l2
        var filtered: [String: QuerySet] = [:]
        let filters = Dictionary(grouping: checking.filter { $0.search.filter != nil }, by: { $0.search.filter! })
        if !filters.isEmpty {
            let rows = PreloadedRows(collection: scenario.collection, dataset: spec)
            for (text, phases) in filters.sorted(by: { $0.key < $1.key }) {
                let depth = phases.map(\.search.topk).max() ?? 10
                let expression = try FilterExpression.parse(text)
                let allowed = rows.selected(by: expression)
                let started = Date()
                let result = try GroundTruth.cached(
                    vectors: vectors, rows: spec.preloadRows, queries: queryFile, k: depth, metric: metric,
                    filter: text, allowed: allowed)
                log(
                    "ground truth for filter \(text): \(allowed.filter { $0 }.count) of \(spec.preloadRows) rows selected; "
                        + (result.cached
                            ? "from the cache \(result.cacheFile)"
                            : "computed in \(String(format: "%.1f", Date().timeIntervalSince(started))) s, cached in \(result.cacheFile)"))
                filtered[text] = QuerySet(vectors: queryVectors, dimension: queryFile.dimension, truth: result.ids, k: depth)
            }
        }
        let depth = checking.filter { $0.search.filter == nil }.map(\.search.topk).max()
        guard let depth else {
            return LoadedDataset(
                vectors: vectors, queries: QuerySet(vectors: queryVectors, dimension: queryFile.dimension, truth: nil, k: 0),
                filtered: filtered)
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
            queries: QuerySet(vectors: queryVectors, dimension: queryFile.dimension, truth: truth, k: depth),
            filtered: filtered)
    }
}
