import Scenario
import Testing

@testable import Workload

@Suite struct RecorderTests {
    @Test func percentilesComeFromMergedHistogramsAndAreOrdered() {
        let live = LiveTimeline()
        var a = WorkerRecorder(phaseStart: 0, live: live)
        var b = WorkerRecorder(phaseStart: 0, live: live)
        for i in 1...1000 {
            a.record(.search, latency: UInt64(i) * 1_000_000, end: UInt64(i) * 1_000_000, rows: 0, error: nil)
        }
        for i in 1...1000 {
            b.record(.search, latency: UInt64(i) * 10_000, end: UInt64(i) * 1_000_000, rows: 0, error: nil)
        }
        b.record(.search, latency: 5, end: 2_000_000_000, rows: 0, error: MilvusErrorKind("timeout", message: "slow"))
        a.finish()
        b.finish()
        var merged = a.operations[.search]!
        merged.merge(b.operations[.search]!)
        #expect(merged.requests == 2001 && merged.successes == 2000 && merged.errors == ["timeout": 1])
        let h = merged.histogram
        let (p50, p90, p99, p999) = (
            h.valueAtPercentile(50), h.valueAtPercentile(90), h.valueAtPercentile(99), h.valueAtPercentile(99.9)
        )
        #expect(p50 <= p90 && p90 <= p99 && p99 <= p999 && p999 <= h.max)
        // Half the values are 0.01–10 ms, half 1–1000 ms: the merged median sits between them (µs).
        #expect(p50 > 9_900 && p50 < 10_100)
        #expect(abs(Double(h.max) - 1_000_000) < 1_000)
        let seconds = live.snapshot()
        #expect(seconds.map(\.second) == [0, 1, 2])
        #expect(seconds.reduce(0) { $0 + $1.requests } == 2001)
        #expect(seconds.last?.errors == 1)
    }
}

/// The values the preload inserts, drawn again from the seed, are the values it inserted.
@Suite struct PreloadedRowsTests {
    @Test func theReplayMatchesThePreloadsInserts() throws {
        let collection = CollectionSpec(
            name: "c", dim: 4,
            fields: [
                ScalarField(name: "category", type: .int64, cardinality: 7),
                ScalarField(name: "tag", type: .varchar, cardinality: 5),
            ])
        let dataset = DatasetSpec(seed: 9, preloadRows: 2_500, preloadBatch: 1_000)
        var factory = RequestFactory(collection: collection, dataset: dataset, stream: 0)
        var categories: [Int64] = []
        var tags: [String] = []
        var done = 0
        while done < dataset.preloadRows {
            let batch = min(dataset.preloadBatch, dataset.preloadRows - done)
            // As set-up inserts a dataset's rows: vectors from the file, scalar columns drawn.
            let request = factory.insert(vectors: [Float](repeating: 0, count: batch * 4), ids: nil)
            categories += request.fieldsData.first { $0.fieldName == "category" }!.scalars.longData.data
            tags += request.fieldsData.first { $0.fieldName == "tag" }!.scalars.stringData.data
            done += batch
        }
        let rows = PreloadedRows(collection: collection, dataset: dataset)
        let selected = rows.selected(by: try FilterExpression.parse("category in [2, 5] and tag like \"v3%\" and id >= 100"))
        let expected = (0..<2_500).map { [2, 5].contains(categories[$0]) && tags[$0].hasPrefix("v3") && $0 >= 100 }
        #expect(selected == expected)
        #expect(selected.contains(true) && selected.contains(false))
    }
}
