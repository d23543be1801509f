import Foundation
import Testing

@testable import Dataset

@Suite struct GroundTruthTests {
    /// Points on a line: the nearest neighbours of a query are known without computing.
    @Test func nearestRowsOnALineByEachMetric() throws {
        let dir = NSTemporaryDirectory() + "traceload-truth-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Row i is (i, 1): by L2 the query (10.2, 1) is nearest rows 10, 11, 9.
        let rows = 40_000  // more than one block of 16,384 rows
        try VectorFileWriter.npy((0..<rows).flatMap { [Float($0), 1] }, dimension: 2, to: dir + "/base.npy")
        let base = try VectorFile(path: dir + "/base.npy")
        #expect(
            try GroundTruth.compute(vectors: base, rows: rows, queries: [10.2, 1, 39_998.9, 1], k: 3, metric: .l2)
                == [[10, 11, 9], [39_999, 39_998, 39_997]])
        // By inner product the largest first component wins; only the first 100 rows preloaded.
        #expect(try GroundTruth.compute(vectors: base, rows: 100, queries: [1, 0], k: 2, metric: .ip) == [[99, 98]])
        // By cosine, (0, 1) points the same way as row 0 only.
        #expect(try GroundTruth.compute(vectors: base, rows: 100, queries: [0, 5], k: 1, metric: .cosine) == [[0]])
    }

    /// Computed once, then read from the cache beside the queries; other files get another cache.
    @Test func theCacheIsUsedForTheSameFilesOnly() throws {
        let dir = NSTemporaryDirectory() + "traceload-cache-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try VectorFileWriter.npy((0..<500).flatMap { [Float($0), Float($0 % 7)] }, dimension: 2, to: dir + "/base.npy")
        try VectorFileWriter.npy([3, 3, 250, 1], dimension: 2, to: dir + "/queries.npy")
        let base = try VectorFile(path: dir + "/base.npy")
        let queries = try VectorFile(path: dir + "/queries.npy")
        let first = try GroundTruth.cached(vectors: base, rows: 500, queries: queries, k: 5, metric: .l2)
        let second = try GroundTruth.cached(vectors: base, rows: 500, queries: queries, k: 5, metric: .l2)
        #expect(!first.cached && second.cached && first.ids == second.ids && first.cacheFile == second.cacheFile)
        #expect(first.ids[0].first == 3)
        let fewer = try GroundTruth.cached(vectors: base, rows: 200, queries: queries, k: 5, metric: .l2)
        #expect(!fewer.cached && fewer.cacheFile != first.cacheFile && fewer.ids[1].allSatisfy { $0 < 200 })
    }

    @Test func recallCountsTheTrueNeighboursReturned() {
        let set = QuerySet(vectors: [0, 0, 1, 1], dimension: 2, truth: [[5, 6, 7, 8], [1, 2]], k: 3)
        #expect(set.count == 2)
        #expect(set.hits(query: 0, returned: [7, 5, 8, 100]) == 2)  // 8 is the 4th neighbour: not in the top 3
        #expect(set.expected(query: 0, k: 3) == 3 && set.expected(query: 1, k: 3) == 2)
        #expect(set.hits(query: 3, returned: [1, 2]) == 2)  // wraps around like the searches do
    }
}

/// A filter's truth: the nearest among the rows it selects, fewer when it selects fewer than k.
@Suite struct FilteredGroundTruthTests {
    @Test func onlySelectedRowsAreNeighbours() throws {
        let path = NSTemporaryDirectory() + "traceload-filtered-\(UUID().uuidString).npy"
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Row r is the point (r, 0): the query at 0 has row r at distance r².
        try VectorFileWriter.npy((0..<100).flatMap { [Float($0), 0] }, dimension: 2, to: path)
        let vectors = try VectorFile(path: path)
        let even = (0..<100).map { $0 % 2 == 0 }
        let truth = try GroundTruth.compute(vectors: vectors, rows: 100, queries: [0, 0], k: 3, metric: .l2, allowed: even)
        #expect(truth == [[0, 2, 4]])
        let few = (0..<100).map { $0 == 7 || $0 == 90 }
        #expect(try GroundTruth.compute(vectors: vectors, rows: 100, queries: [0, 0], k: 3, metric: .l2, allowed: few) == [[7, 90]])
    }
}
