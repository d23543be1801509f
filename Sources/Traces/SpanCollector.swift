import Synchronization
import TraceContext

/// Keeps the spans of the traces traceload started, and counts the rest.
///
/// Milvus with a server sample fraction above 0 traces its own background work too (in one
/// measured workload five spans in six); a collector that kept everything would grow without
/// bound. Spans of unknown traces are counted, and the roots among them remembered by name (a
/// bounded map), which is what tells a propagation failure from an exporter failure.
package final class SpanCollector: Sendable {
    package struct Counts: Sendable, Equatable, Codable {
        package var received = 0
        package var kept = 0
        /// Spans of traces traceload did not start.
        package var foreign = 0
        /// Spans dropped because the collector was full: every span of a trace that lost one
        /// (a trace with holes would be attributed wrongly, so it is left out whole).
        package var dropped = 0
        package var malformed = 0
        /// Root spans of foreign traces, by name (at most `maxForeignRootNames` names).
        package var foreignRoots: [String: Int] = [:]
    }

    struct State {
        var expected: Set<TraceID> = []
        var spans: [TraceID: [Span]] = [:]
        /// Expected traces that lost a span to a full collector.
        var truncated: Set<TraceID> = []
        var counts = Counts()
        /// Spans in memory now (`counts.kept` counts every span ever kept).
        var held = 0
        /// Spans received by the hundredth of a second they started in (with `tallyStarts`).
        var starts: [UInt64: Int] = [:]
    }

    private let state = Mutex(State())
    package let capacity: Int
    /// Every trace counts as expected: a collector for traffic traceload did not start
    /// (`analyze --listen`), bounded by `capacity` all the same.
    package let keepsAll: Bool
    /// Counts every span by when it started, so that spans can be attributed to the stretch of
    /// time whose requests made them, however late their exporter sent them (Milvus's batch
    /// every 5 s, so a count of arrivals smears one block's spans into the next).
    package let tallyStarts: Bool
    static let maxForeignRootNames = 64
    static let startBucketNanos: UInt64 = 10_000_000

    /// `capacity`: the most spans kept in memory (about 200 bytes each).
    package init(capacity: Int = 2_000_000, keepsAll: Bool = false, tallyStarts: Bool = false) {
        self.capacity = capacity
        self.keepsAll = keepsAll
        self.tallyStarts = tallyStarts
    }

    /// Marks a trace as ours, before its request is sent.
    package func expect(_ traceID: TraceID) {
        state.withLock { _ = $0.expected.insert(traceID) }
    }

    package func expect(_ traceIDs: some Sequence<TraceID>) {
        state.withLock { $0.expected.formUnion(traceIDs) }
    }

    package func add(_ spans: [Span], malformed: Int = 0) {
        state.withLock { state in
            state.counts.received += spans.count + malformed
            state.counts.malformed += malformed
            for span in spans {
                if tallyStarts { state.starts[span.startUnixNanos / Self.startBucketNanos, default: 0] += 1 }
                if keepsAll || state.expected.contains(span.traceID) {
                    if state.truncated.contains(span.traceID) {
                        state.counts.dropped += 1
                        continue
                    }
                    if state.held >= capacity {
                        let evicted = state.spans.removeValue(forKey: span.traceID)?.count ?? 0
                        state.truncated.insert(span.traceID)
                        state.held -= evicted
                        state.counts.kept -= evicted
                        state.counts.dropped += evicted + 1
                        continue
                    }
                    state.spans[span.traceID, default: []].append(span)
                    state.counts.kept += 1
                    state.held += 1
                } else {
                    state.counts.foreign += 1
                    if span.parentSpanID == nil,
                        state.counts.foreignRoots[span.name] != nil
                            || state.counts.foreignRoots.count < Self.maxForeignRootNames
                    {
                        state.counts.foreignRoots[span.name, default: 0] += 1
                    }
                }
            }
        }
    }

    package var counts: Counts { state.withLock { $0.counts } }

    /// Spans received so far that started in `[from, to]` (Unix nanoseconds, to the hundredth of
    /// a second; 0 without `tallyStarts`).
    package func spansStarted(from: UInt64, to: UInt64) -> Int {
        let first = from / Self.startBucketNanos
        let last = to / Self.startBucketNanos
        return state.withLock { state in
            state.starts.reduce(0) { sum, entry in entry.key >= first && entry.key <= last ? sum + entry.value : sum }
        }
    }

    /// The spans of `traceIDs` received so far.
    package func spans(of traceIDs: some Sequence<TraceID>) -> [TraceID: [Span]] {
        state.withLock { state in
            var out: [TraceID: [Span]] = [:]
            for id in traceIDs { if let spans = state.spans[id] { out[id] = spans } }
            return out
        }
    }

    /// The traces held now.
    package func traceIDs() -> [TraceID] {
        state.withLock { Array($0.spans.keys) }
    }

    /// Total spans kept for `traceIDs`: polled to see whether traces are still growing.
    package func spanCount(of traceIDs: some Sequence<TraceID>) -> Int {
        state.withLock { state in traceIDs.reduce(0) { $0 + (state.spans[$1]?.count ?? 0) } }
    }

    /// Forgets the spans of `traceIDs` (after a phase has been analysed) to bound memory.
    package func release(_ traceIDs: some Sequence<TraceID>) {
        state.withLock { state in
            for id in traceIDs {
                state.held -= state.spans.removeValue(forKey: id)?.count ?? 0
                state.expected.remove(id)
                state.truncated.remove(id)
            }
        }
    }
}

extension SpanCollector {
    /// Milvus's exporters batch: the Go exporter and segcore's C++ exporter each send every 5 s
    /// by default, independently. A quiet period longer than that means every exporter has sent
    /// what it held for these traces.
    package static let defaultQuiet: Duration = .seconds(6)

    /// Waits for late spans: returns once no span of `traceIDs` has arrived for `quiet` (counted
    /// from the call, so at least that long after the phase's last response), or `limit` passed.
    /// A trace with its first server spans is not done: segcore's spans of the same request may
    /// come a batch later. Returns how long it waited.
    @discardableResult
    package func settle(traceIDs: [TraceID], quiet: Duration = defaultQuiet, limit: Duration = .seconds(60)) async
        -> Duration
    {
        let clock = ContinuousClock()
        let start = clock.now
        var lastCount = spanCount(of: traceIDs)
        var lastChange = start
        while clock.now - start < limit && clock.now - lastChange < quiet && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(250))
            let count = spanCount(of: traceIDs)
            if count != lastCount {
                lastCount = count
                lastChange = clock.now
            }
        }
        return clock.now - start
    }
}
