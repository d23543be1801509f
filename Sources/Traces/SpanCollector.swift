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

        /// Spans of one trace to keep, as far as `capacity` allows.
        mutating func keep(_ run: ArraySlice<Span>, capacity: Int) {
            guard let traceID = run.first?.traceID else { return }
            if !truncated.isEmpty && truncated.contains(traceID) {
                counts.dropped += run.count
                return
            }
            if held + run.count <= capacity {
                spans[traceID, default: []].append(contentsOf: run)
                counts.kept += run.count
                held += run.count
                return
            }
            // The collector fills up within this run: the trace is dropped whole.
            for span in run {
                if truncated.contains(traceID) {
                    counts.dropped += 1
                    continue
                }
                if held >= capacity {
                    let evicted = spans.removeValue(forKey: traceID)?.count ?? 0
                    truncated.insert(traceID)
                    held -= evicted
                    counts.kept -= evicted
                    counts.dropped += evicted + 1
                    continue
                }
                spans[traceID, default: []].append(span)
                counts.kept += 1
                held += 1
            }
        }

        mutating func countForeign(_ span: Span) {
            counts.foreign += 1
            if span.parentSpanID == nil,
                counts.foreignRoots[span.name] != nil || counts.foreignRoots.count < SpanCollector.maxForeignRootNames
            {
                counts.foreignRoots[span.name, default: 0] += 1
            }
        }

        /// One dictionary access per run of spans that started in the same hundredth of a second.
        mutating func tallyStarts(_ batch: [Span]) {
            var bucket = UInt64.max
            var count = 0
            for span in batch {
                let spanBucket = span.startUnixNanos / SpanCollector.startBucketNanos
                if spanBucket != bucket {
                    if count > 0 { starts[bucket, default: 0] += count }
                    bucket = spanBucket
                    count = 0
                }
                count += 1
            }
            if count > 0 { starts[bucket, default: 0] += count }
        }
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

    /// One lock per batch; within it, one dictionary access per run of a trace's spans (exporters
    /// send a trace's spans together more often than not) rather than per span.
    package func add(_ spans: [Span], malformed: Int = 0) {
        state.withLock { state in
            state.counts.received += spans.count + malformed
            state.counts.malformed += malformed
            if tallyStarts { state.tallyStarts(spans) }
            var start = spans.startIndex
            while start < spans.endIndex {
                let traceID = spans[start].traceID
                var end = start + 1
                while end < spans.endIndex && spans[end].traceID == traceID { end += 1 }
                if keepsAll || state.expected.contains(traceID) {
                    state.keep(spans[start..<end], capacity: capacity)
                } else {
                    for span in spans[start..<end] { state.countForeign(span) }
                }
                start = end
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

    /// At most `limit` of the traces held, and how many are held: what a live view can afford to
    /// read every few seconds, however many spans are held. The table's order is no order of
    /// arrival, so the traces are a sample across the capture.
    package func sample(traces limit: Int) -> (spans: [TraceID: [Span]], held: Int) {
        state.withLock { state in
            var out: [TraceID: [Span]] = [:]
            out.reserveCapacity(min(limit, state.spans.count))
            for (id, spans) in state.spans.prefix(limit) { out[id] = spans }
            return (out, state.spans.count)
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
