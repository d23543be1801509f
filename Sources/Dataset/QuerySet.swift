/// Query vectors with their true nearest neighbours: what a search is checked against.
package struct QuerySet: Sendable {
    /// `dimension` floats per query.
    package let vectors: [Float]
    package let dimension: Int
    /// Per query, the ids of its `k` true nearest neighbours (nil: searches are not checked).
    let truth: [Set<Int64>]?

    package var count: Int { vectors.count / dimension }
    package var hasTruth: Bool { truth != nil }

    /// `truth`: per query its neighbours nearest first, of which the first `k` count.
    package init(vectors: [Float], dimension: Int, truth: [[Int64]]?, k: Int) {
        self.vectors = vectors
        self.dimension = dimension
        self.truth = truth?.map { Set($0.prefix(k)) }
    }

    /// How many of `returned` are among query `query`'s true neighbours.
    @inline(__always)
    package func hits(query: Int, returned: some Sequence<Int64>) -> Int {
        guard let truth else { return 0 }
        let neighbours = truth[query % truth.count]
        return returned.reduce(0) { $0 + (neighbours.contains($1) ? 1 : 0) }
    }

    /// The true neighbours a perfect answer to `query` returns: `k`, or fewer when the truth is short.
    package func expected(query: Int, k: Int) -> Int {
        guard let truth else { return 0 }
        return min(k, truth[query % truth.count].count)
    }
}
