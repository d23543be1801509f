import Setup
import Testing

/// When a loaded collection's segments are ready to be measured.
@Suite struct SegmentReadinessTests {
    typealias Segment = SegmentReadiness.Segment

    @Test func aGrowingSegmentOrNoneAtAllIsNotReady() {
        #expect(!SegmentReadiness([]).isReady(unchangedForSeconds: 100, settleSeconds: 30))
        let growing = SegmentReadiness([Segment(growing: true, indexed: false, rows: 20_000)])
        #expect(!growing.isReady(unchangedForSeconds: 100, settleSeconds: 30))
        #expect(growing.waitingLine.contains("1 of 1 segments are growing or unindexed"))
    }

    @Test func sealedAndIndexedIsReady() {
        let ready = SegmentReadiness([
            Segment(growing: false, indexed: true, rows: 10_000), Segment(growing: false, indexed: true, rows: 10_000),
        ])
        #expect(ready.isReady(unchangedForSeconds: 0, settleSeconds: 30))
        #expect(ready.unindexedNote == nil)
    }

    /// Milvus builds no index on segments under 1,024 rows: waiting for one would never end.
    @Test func aSmallSegmentWithoutAnIndexIsReadyAndNamed() {
        let small = SegmentReadiness([Segment(growing: false, indexed: false, rows: 200)])
        #expect(small.isReady(unchangedForSeconds: 0, settleSeconds: 30))
        #expect(small.unindexedNote?.hasPrefix("1 segment (200 rows) served without an index") == true)
    }

    /// A large unindexed segment is waited for, unless it stays so (a server with a larger minimum).
    @Test func aLargeUnindexedSegmentIsWaitedForUntilItSettles() {
        let large = SegmentReadiness([
            Segment(growing: false, indexed: false, rows: 5_000), Segment(growing: false, indexed: true, rows: 5_000),
        ])
        #expect(!large.isReady(unchangedForSeconds: 29, settleSeconds: 30))
        #expect(large.isReady(unchangedForSeconds: 30, settleSeconds: 30))
        #expect(large.unindexedNote?.hasPrefix("1 segment (5000 rows)") == true)
    }
}
