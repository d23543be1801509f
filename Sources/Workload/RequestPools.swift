import Foundation
import MilvusClient
import MilvusProto
import Scenario
import Synchronization
import TraceContext

/// Prebuilt requests for a phase, shared read-only by its workers.
struct RequestPools: Sendable {
    let search: [Milvus_Proto_Milvus_SearchRequest]
    let insert: [Milvus_Proto_Milvus_InsertRequest]
    let query: Milvus_Proto_Milvus_QueryRequest
    let insertBatch: Int

    init(phase: Phase, factory: RequestFactory) {
        var factory = factory
        let dim = factory.collection.dim
        // Bound the pools' memory (about 32 MB of floats each) whatever the batch and dimension.
        let floatBudget = 8_000_000
        search =
            phase.mix[.search] == nil
            ? []
            : (0..<max(1, min(256, floatBudget / (phase.search.nq * dim)))).map { _ in factory.search(phase.search) }
        insert =
            phase.mix[.insert] == nil
            ? []
            : (0..<max(1, min(16, floatBudget / (phase.insert.batch * dim)))).map { _ in
                factory.insert(rows: phase.insert.batch)
            }
        query = factory.query(phase.query)
        insertBatch = phase.insert.batch
    }
}
