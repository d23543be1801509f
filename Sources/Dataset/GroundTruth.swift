import Foundation

/// The exact nearest neighbours of each query among a file's vectors, by brute force: the row
/// numbers (which are the primary keys traceload inserts) of the `k` nearest, nearest first.
/// Vectors are streamed in blocks; queries are spread over every core.
package enum GroundTruth {
    package enum Metric: String, Sendable {
        case l2 = "L2", ip = "IP", cosine = "COSINE"
    }

    /// Rows of vectors streamed at a time (about 64 MiB of float32 at dimension 1024).
    static let blockRows = 16_384

    /// `queries`: `dimension` floats per query. `rows`: the first rows of `vectors` searched;
    /// `allowed`: of those, the ones a filter selects (nil: all). A query with fewer than `k`
    /// allowed rows gets what there is.
    package static func compute(
        vectors: VectorFile, rows: Int, queries: [Float], k: Int, metric: Metric, allowed: [Bool]? = nil
    ) throws -> [[Int64]] {
        let dimension = vectors.dimension
        let count = queries.count / dimension
        let k = min(k, rows)
        let queries = metric == .cosine ? normalized(queries, dimension: dimension) : queries
        // Per query, the k best so far as (score, row), kept sorted: lower scores are nearer.
        var scores = [Float](repeating: .infinity, count: count * k)
        var ids = [Int64](repeating: -1, count: count * k)
        var start = 0
        while start < rows {
            let end = min(rows, start + blockRows)
            let read = try vectors.floats(start..<end)
            let block = metric == .cosine ? normalized(read, dimension: dimension) : read
            let blockStart = start
            scores.withUnsafeMutableBufferPointer { scorePointer in
                ids.withUnsafeMutableBufferPointer { idPointer in
                    nonisolated(unsafe) let scores = scorePointer
                    nonisolated(unsafe) let ids = idPointer
                    let chunks = min(count, ProcessInfo.processInfo.activeProcessorCount * 4)
                    DispatchQueue.concurrentPerform(iterations: max(chunks, 1)) { chunk in
                        var query = chunk
                        while query < count {
                            scan(
                                query: queries, at: query, block: block, blockStart: blockStart, dimension: dimension,
                                metric: metric, k: k, scores: scores, ids: ids, allowed: allowed)
                            query += chunks
                        }
                    }
                }
            }
            start = end
        }
        return (0..<count).map { Array(ids[($0 * k)..<(($0 + 1) * k)]).filter { $0 >= 0 } }
    }

    /// One query against one block: each row's score, inserted into the query's sorted top k.
    static func scan(
        query queries: [Float], at query: Int, block: [Float], blockStart: Int, dimension: Int, metric: Metric, k: Int,
        scores: UnsafeMutableBufferPointer<Float>, ids: UnsafeMutableBufferPointer<Int64>, allowed: [Bool]? = nil
    ) {
        let base = query * k
        queries.withUnsafeBufferPointer { q in
            block.withUnsafeBufferPointer { b in
                let offset = query * dimension
                let qp = UnsafeRawPointer(q.baseAddress! + offset)
                let lanes = dimension / 8 * 8
                for row in 0..<(b.count / dimension) {
                    if let allowed, !allowed[blockStart + row] { continue }
                    let v = row * dimension
                    let bp = UnsafeRawPointer(b.baseAddress! + v)
                    // Eight lanes at a time (the compiler does not reorder float sums by itself).
                    var sum = SIMD8<Float>()
                    var i = 0
                    while i < lanes {
                        let x = qp.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
                        let y = bp.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
                        if metric == .l2 {
                            let d = x - y
                            sum += d * d
                        } else {
                            sum += x * y
                        }
                        i += 8
                    }
                    var score = sum.sum()
                    while i < dimension {
                        score +=
                            metric == .l2
                            ? (q[offset + i] - b[v + i]) * (q[offset + i] - b[v + i]) : q[offset + i] * b[v + i]
                        i += 1
                    }
                    if metric != .l2 { score = -score }  // larger products are nearer
                    guard score < scores[base + k - 1] else { continue }
                    var slot = k - 1
                    while slot > 0 && scores[base + slot - 1] > score {
                        scores[base + slot] = scores[base + slot - 1]
                        ids[base + slot] = ids[base + slot - 1]
                        slot -= 1
                    }
                    scores[base + slot] = score
                    ids[base + slot] = Int64(blockStart + row)
                }
            }
        }
    }

    static func normalized(_ values: [Float], dimension: Int) -> [Float] {
        var result = values
        for start in stride(from: 0, to: values.count, by: dimension) {
            var norm: Float = 0
            for i in start..<(start + dimension) { norm += values[i] * values[i] }
            let scale = norm > 0 ? 1 / norm.squareRoot() : 0
            for i in start..<(start + dimension) { result[i] *= scale }
        }
        return result
    }

    /// The ground truth for these files, from a cache file beside the queries when one was
    /// written for the same files (by size and modification time), rows, k and metric; computed
    /// and cached otherwise. `cached` tells which; a folder that cannot be written only loses the cache.
    /// With a filter (`filter`: its text, part of the cache's name; `allowed`: the rows it
    /// selects), the truth among the selected rows. A filtered truth may hold fewer than `k`
    /// neighbours for a query: it is stored padded with -1, which reading drops.
    package static func cached(
        vectors: VectorFile, rows: Int, queries: VectorFile, k: Int, metric: Metric, filter: String? = nil,
        allowed: [Bool]? = nil
    ) throws -> (ids: [[Int64]], cacheFile: String, cached: Bool) {
        let file = cachePath(vectors: vectors, rows: rows, queries: queries, k: k, metric: metric, filter: filter)
        if let stored = try? VectorFile(path: file), stored.rows == queries.rows, stored.dimension == min(k, rows) {
            return (try stored.integerRows().map { $0.filter { $0 >= 0 } }, file, true)
        }
        let ids = try compute(
            vectors: vectors, rows: rows, queries: try queries.floats(0..<queries.rows), k: k, metric: metric,
            allowed: allowed)
        let width = min(k, rows)
        try? VectorFileWriter.ivecs(ids.map { $0 + Array(repeating: -1, count: width - $0.count) }, to: file)
        return (ids, file, false)
    }

    static func cachePath(
        vectors: VectorFile, rows: Int, queries: VectorFile, k: Int, metric: Metric, filter: String? = nil
    ) -> String {
        func stamp(_ path: String) -> String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
            let modified = Int64(((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0) * 1000)
            return "\(size)-\(modified)"
        }
        // FNV-1a of what the answer depends on, so that another vectors file gets another cache.
        let key =
            "\(URL(fileURLWithPath: vectors.path).standardizedFileURL.path) \(stamp(vectors.path)) \(stamp(queries.path))"
            + (filter.map { " filter:\($0)" } ?? "")
        let hash = key.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        return queries.path + ".truth-\(metric.rawValue)-k\(k)-n\(rows)\(filter == nil ? "" : "-filtered")-\(String(hash, radix: 16)).ivecs"
    }
}
