import Dataset
import MilvusProto

/// What one checked search asked and got, per query: the query's row in the queries file, and
/// the ids and distances Milvus returned, in its order.
package struct SearchAnswer: Sendable, Equatable {
    package var query: Int
    package var ids: [Int64]
    package var distances: [Float]

    /// A search's results cut into its queries (`nq` of them, from `firstQuery` on).
    static func split(_ results: Milvus_Proto_Milvus_SearchResults, firstQuery: Int, queries: QuerySet) -> [SearchAnswer] {
        let ids = results.results.ids.intID.data
        let scores = results.results.scores
        var offset = 0
        return results.results.topks.enumerated().map { q, topk in
            let end = min(offset + Int(topk), ids.count)
            defer { offset = end }
            return SearchAnswer(
                query: (firstQuery + q) % max(queries.count, 1), ids: Array(ids[offset..<end]),
                distances: end <= scores.count ? Array(scores[offset..<end]) : [])
        }
    }
}
