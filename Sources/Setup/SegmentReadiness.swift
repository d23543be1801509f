/// Whether the segments a collection's query nodes serve are ready to be measured: sealed, and
/// indexed unless Milvus never indexes them.
///
/// "Loaded" is not ready: Milvus reports 100% while its query node still serves the preloaded rows
/// from a growing segment, searched by brute force, until the flushed segment with its index
/// replaces it (measured: 16 s of searches 5x slower on IVF_FLAT with 20,000 rows). Segments under
/// Milvus's minimum size (`minSegmentNumRowsToEnableIndex`, 1,024 rows by default) never get an
/// index (2.3.5 serves a 200-row segment with index ID 0 for good); a server configured with a
/// larger minimum is recognised by its unindexed sealed segments staying as they are for a while.
package struct SegmentReadiness: Sendable, Equatable {
    package struct Segment: Sendable, Equatable {
        package var growing: Bool
        package var indexed: Bool
        package var rows: Int

        package init(growing: Bool, indexed: Bool, rows: Int) {
            self.growing = growing
            self.indexed = indexed
            self.rows = rows
        }
    }

    /// Milvus's default `minSegmentNumRowsToEnableIndex`: smaller segments get no index.
    package static let minimumIndexedRows = 1024

    package let segments: [Segment]

    package init(_ segments: [Segment]) { self.segments = segments }

    var growing: [Segment] { segments.filter(\.growing) }
    /// Sealed segments without an index.
    var unindexed: [Segment] { segments.filter { !$0.growing && !$0.indexed } }
    /// Unindexed sealed segments large enough that Milvus should index them.
    var awaitingIndex: [Segment] { unindexed.filter { $0.rows >= Self.minimumIndexedRows } }

    /// Ready when something is served, nothing grows, and every segment big enough to be indexed is,
    /// or the unindexed ones have stayed as they are for `settleSeconds` (a larger configured minimum).
    package func isReady(unchangedForSeconds: Double, settleSeconds: Double) -> Bool {
        !segments.isEmpty && growing.isEmpty && (awaitingIndex.isEmpty || unchangedForSeconds >= settleSeconds)
    }

    /// What is being waited for, for the log; it changes only when the segments do.
    package var waitingLine: String {
        segments.isEmpty
            ? "loaded, but the query node serves no sealed segment yet (it searches the rows unindexed meanwhile); waiting"
            : "loaded, but \(growing.count + awaitingIndex.count) of \(segments.count) segments are growing or unindexed; waiting"
    }

    /// Said once ready, when some segments are searched without an index.
    package var unindexedNote: String? {
        let unindexed = unindexed
        guard !unindexed.isEmpty else { return nil }
        let rows = unindexed.reduce(0) { $0 + $1.rows }
        return
            "\(unindexed.count) segment\(unindexed.count == 1 ? "" : "s") (\(rows) rows) served without an index, searched by brute force: "
            + "Milvus builds none on segments under its minimum size (1,024 rows unless configured otherwise)"
    }
}
