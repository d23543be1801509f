import Dataset
import MilvusProto
import TraceContext

/// Checks search results against the ground truth: recall@k, k being the search's topk.
struct RecallCheck: Sendable {
    let queries: QuerySet
    let k: Int
    let nq: Int
    /// Which searches are checked (`search.recall` as a fraction).
    let sampling: SamplingThreshold

    /// The true neighbours among the ids Milvus returned for the `nq` queries from `firstQuery`,
    /// and how many a perfect answer holds. A query Milvus answered with fewer than k ids counts
    /// the missing ones as misses.
    func count(_ results: Milvus_Proto_Milvus_SearchResults, firstQuery: Int) -> (hits: Int, expected: Int) {
        let ids = results.results.ids.intID.data
        let topks = results.results.topks
        var offset = 0
        var hits = 0
        var expected = 0
        for q in 0..<nq {
            let returned = q < topks.count ? Int(topks[q]) : 0
            let end = min(offset + returned, ids.count)
            hits += queries.hits(query: firstQuery + q, returned: ids[offset..<end].prefix(k))
            expected += queries.expected(query: firstQuery + q, k: k)
            offset = end
        }
        return (hits, expected)
    }
}
