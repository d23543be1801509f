import Foundation
import MilvusClient
import MilvusProto
import Scenario
import Synchronization
import TraceContext

/// Prebuilt requests for a phase, shared read-only by its workers.
struct RequestPools: Sendable {
    let search: [Milvus_Proto_Milvus_SearchRequest]
    /// With a dataset, the first query of each search (its `nq` queries follow, wrapping around).
    let searchQueries: [Int]
    /// Searches checked against the ground truth (`search.recall`), and what they are checked with.
    let recall: RecallCheck?
    let insert: [Milvus_Proto_Milvus_InsertRequest]
    let query: Milvus_Proto_Milvus_QueryRequest
    let insertBatch: Int
    /// How many checked searches' answers each worker keeps (`search.answers`; bounded: 20,000 a phase).
    let answerLimit: Int

    init(phase: Phase, factory: RequestFactory) {
        var factory = factory
        let dim = factory.collection.dim
        // Bound the pools' memory (about 32 MB of floats each) whatever the batch and dimension.
        let floatBudget = 8_000_000
        let searches = phase.mix[.search] == nil ? 0 : max(1, min(256, floatBudget / (phase.search.nq * dim)))
        if let queries = factory.dataset?.queries {
            // Every query in turn (as many groups of nq as the budget holds; at least one of each query).
            let groups = max(
                1, min((queries.count + phase.search.nq - 1) / phase.search.nq, floatBudget / (phase.search.nq * dim)))
            searchQueries = phase.mix[.search] == nil ? [] : (0..<groups).map { $0 * phase.search.nq }
            search = searchQueries.map { factory.search(phase.search, firstQuery: $0) }
        } else {
            searchQueries = []
            search = (0..<searches).map { _ in factory.search(phase.search) }
        }
        if let fraction = phase.search.recall, let queries = factory.dataset?.querySet(filter: phase.search.filter),
            queries.hasTruth
        {
            recall = RecallCheck(
                queries: queries, k: phase.search.topk, nq: phase.search.nq,
                sampling: SamplingThreshold(fraction: fraction))
        } else {
            recall = nil
        }
        insert =
            phase.mix[.insert] == nil
            ? []
            : (0..<max(1, min(16, floatBudget / (phase.insert.batch * dim)))).map { _ in
                factory.insert(rows: phase.insert.batch)
            }
        query = factory.query(phase.query)
        insertBatch = phase.insert.batch
        answerLimit = phase.search.answers && recall != nil ? max(1, 20_000 / max(phase.workers, 1)) : 0
    }
}
