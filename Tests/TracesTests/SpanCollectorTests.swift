import Foundation
import Synchronization
import TestFixtures
import Testing
import TraceContext

@testable import Analysis
@testable import Traces

@Suite struct SpanCollectorTests {
    /// Milvus's segcore exporter sends its batch seconds after the Go exporter sent the same
    /// requests' first spans: collection waits for a quiet period, not for the first server span.
    @Test func spansArrivingSecondsAfterTheFirstAreStillCollected() async throws {
        let spans = try Fixtures.spans("milvus-2.3.5/search-under-load/spans.jsonl")
        let ids = Array(Set(spans.filter { $0.name == "SegCoreSearch" }.map(\.traceID)).prefix(20))
        let wanted = Set(ids)
        let first = spans.filter { wanted.contains($0.traceID) && $0.service == "standalone" }
        let late = spans.filter { wanted.contains($0.traceID) && $0.service == "segcore" }
        #expect(!first.isEmpty && !late.isEmpty)

        let collector = SpanCollector()
        collector.expect(ids)
        collector.add(first)
        // Every trace has its server spans now; segcore's batch comes 3 s later, from another
        // thread (as from the receiver's event loop).
        let lateArrival = Mutex<ContinuousClock.Instant?>(nil)
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 3)
            collector.add(late)
            lateArrival.withLock { $0 = .now }
        }
        await collector.settle(traceIDs: ids, quiet: .seconds(4), limit: .seconds(60))
        let returned = ContinuousClock.now
        #expect(collector.spanCount(of: ids) == first.count + late.count)
        // It returned only once nothing more had come for the quiet period after the late batch.
        let arrived = try #require(lateArrival.withLock { $0 })
        #expect(returned - arrived >= .seconds(3.9))
    }

    /// A comparison's blocks follow each other faster than Milvus exports: spans are counted by
    /// when they started, whichever batch brought them.
    @Test func spansAreCountedByWhenTheyStartedWhateverTheirArrival() throws {
        let spans = try Fixtures.spans("milvus-2.3.5/search-under-load/spans.jsonl")
        let collector = SpanCollector(tallyStarts: true)
        // Segcore's spans first, as if the Go exporter's batch were late.
        collector.add(spans.filter { $0.service == "segcore" })
        collector.add(spans.filter { $0.service != "segcore" })
        let starts = spans.map(\.startUnixNanos).sorted()
        // A boundary on a hundredth of a second, the tally's resolution.
        let boundary = starts[starts.count / 2] / 10_000_000 * 10_000_000
        let early = collector.spansStarted(from: 0, to: boundary - 1)
        let late = collector.spansStarted(from: boundary, to: .max)
        #expect(early == starts.filter { $0 < boundary }.count)
        #expect(early > 0 && late > 0 && early + late == spans.count)
        #expect(collector.spansStarted(from: 0, to: .max) == spans.count)
        #expect(SpanCollector().spansStarted(from: 0, to: .max) == 0)
    }

    /// `analyze --listen` keeps every trace, not just expected ones, within the same bound: a
    /// trace that does not fit is dropped whole.
    @Test func aCollectorForOthersTrafficKeepsEveryTraceWithinItsCapacity() throws {
        let spans = try Fixtures.spans("milvus-2.3.5/server-fraction-1.jsonl")
        let all = SpanCollector(keepsAll: true)
        all.add(spans)
        #expect(all.counts.kept == spans.count && all.counts.foreign == 0)
        #expect(Set(all.traceIDs()) == Set(spans.map(\.traceID)))

        let small = SpanCollector(capacity: 100, keepsAll: true)
        small.add(spans)
        let kept = small.spans(of: small.traceIDs())
        #expect(small.counts.kept <= 100 && small.counts.dropped == spans.count - small.counts.kept)
        // Whatever was kept is whole.
        for (id, held) in kept { #expect(held.count == spans.filter { $0.traceID == id }.count) }
    }

    @Test func aPhaseWhoseSpansNeverComeEndsAfterTheQuietPeriod() async {
        let collector = SpanCollector()
        let id = TraceID(high: 7, low: 7)
        collector.expect([id])
        let waited = await collector.settle(traceIDs: [id], quiet: .milliseconds(500), limit: .seconds(60))
        #expect(waited >= .milliseconds(500) && collector.spanCount(of: [id]) == 0)
    }

    /// An overloaded receiver: the collector holds at most `capacity` spans, counts the rest as
    /// dropped, and the report's diagnosis says spans were lost rather than blaming Milvus.
    @Test func aFullCollectorCountsDropsAndTheDiagnosisSaysSo() throws {
        let spans = try Fixtures.spans("milvus-2.3.5/server-fraction-0-client-0.5.jsonl")
        let clientSpans = spans.filter { $0.service == "milvus-client" }
        let collector = SpanCollector(capacity: 100)
        collector.expect(clientSpans.map(\.traceID))
        collector.add(spans.filter { $0.service != "milvus-client" }, malformed: 2)
        let counts = collector.counts
        let serverSpans = spans.filter { $0.service != "milvus-client" }
        #expect(
            counts.kept + counts.dropped == serverSpans.count && counts.kept <= 100 && counts.dropped > 0, "\(counts)")
        #expect(counts.malformed == 2 && counts.received == serverSpans.count + 2)
        // A trace that lost a span is left out whole: every trace handed out is complete.
        let handedOut = collector.spans(of: clientSpans.map(\.traceID))
        #expect(!handedOut.isEmpty && handedOut.count < clientSpans.count)
        for (id, kept) in handedOut { #expect(kept.count == serverSpans.filter { $0.traceID == id }.count) }

        let requests = clientSpans.map {
            ClientRequest(
                phase: "p", operation: ClientTraffic.operationName($0.name), traceID: $0.traceID, spanID: $0.spanID,
                latencyNanos: $0.durationNanos)
        }
        var traces = collector.spans(of: requests.map(\.traceID))
        for span in clientSpans { traces[span.traceID, default: []].append(span) }
        let breakdowns = Breakdown.build(
            requests: requests, tracesByRequest: requests.map { traces[$0.traceID]?[...] }, clientService: "milvus-client", map: .milvusDefaults,
            evidence: TraceEvidence(lost: counts.dropped))
        let diagnoses = breakdowns.compactMap(\.coverage.diagnosis)
        #expect(!diagnoses.isEmpty)
        #expect(diagnoses.allSatisfy { $0.contains("\(counts.dropped) spans were dropped or lost") }, "\(diagnoses)")
        // Releasing a phase's traces frees room for the next.
        collector.release(requests.map(\.traceID))
        collector.expect(clientSpans.map(\.traceID))
        collector.add(Array(serverSpans.prefix(50)))
        #expect(collector.counts.dropped == counts.dropped && collector.counts.kept == counts.kept + 50)
    }

    /// A batch keeps, drops and counts exactly what adding its spans one at a time did (the
    /// collector handles a run of one trace's spans at once), wherever the bound falls, for
    /// expected and foreign traces alike.
    @Test func aBatchKeepsWhatSpanBySpanAddingKept() {
        for seed in 0..<200 {
            var random = SeededRandom(seed: UInt64(seed))
            let keepsAll = seed % 2 == 0
            let capacity = 1 + random.next(40)
            let collector = SpanCollector(capacity: capacity, keepsAll: keepsAll, tallyStarts: true)
            var reference = OneSpanAtATime(capacity: capacity, keepsAll: keepsAll)
            let expected = (0..<8).filter { _ in random.next(2) == 0 }.map { TraceID(high: 1, low: UInt64($0)) }
            collector.expect(expected)
            reference.expected.formUnion(expected)
            var all: [Span] = []
            for _ in 0..<10 {
                var batch: [Span] = []
                for _ in 0..<random.next(30) {
                    let trace = TraceID(high: 1, low: UInt64(random.next(8)))
                    for _ in 0...random.next(4) {
                        batch.append(
                            Span(
                                traceID: trace, spanID: UInt64(all.count + batch.count),
                                parentSpanID: random.next(3) == 0 ? nil : 1, name: "n\(random.next(70))", service: "s",
                                kind: .server, startUnixNanos: UInt64(random.next(5)) * 10_000_000 + 1,
                                endUnixNanos: 0))
                    }
                }
                let malformed = random.next(2)
                collector.add(batch, malformed: malformed)
                reference.add(batch, malformed: malformed)
                all += batch
                if random.next(4) == 0 {
                    let released = [TraceID(high: 1, low: UInt64(random.next(8)))]
                    collector.release(released)
                    reference.release(released)
                }
            }
            #expect(collector.counts == reference.counts, "seed \(seed)")
            let ids = (0..<8).map { TraceID(high: 1, low: UInt64($0)) }
            #expect(collector.spans(of: ids) == reference.spans, "seed \(seed)")
            for bucket in 0..<5 {
                let from = UInt64(bucket) * 10_000_000
                #expect(
                    collector.spansStarted(from: from, to: from + 9_999_999)
                        == all.filter { $0.startUnixNanos / 10_000_000 == bucket }.count)
            }
        }
    }
}

/// The collector's rule as it was first written, one span at a time: the reference for batches.
struct OneSpanAtATime {
    var capacity: Int
    var keepsAll: Bool
    var expected: Set<TraceID> = []
    var spans: [TraceID: [Span]] = [:]
    var truncated: Set<TraceID> = []
    var counts = SpanCollector.Counts()
    var held = 0

    init(capacity: Int, keepsAll: Bool) {
        self.capacity = capacity
        self.keepsAll = keepsAll
    }

    mutating func add(_ batch: [Span], malformed: Int) {
        counts.received += batch.count + malformed
        counts.malformed += malformed
        for span in batch {
            if keepsAll || expected.contains(span.traceID) {
                if truncated.contains(span.traceID) {
                    counts.dropped += 1
                    continue
                }
                if held >= capacity {
                    let evicted = spans.removeValue(forKey: span.traceID)?.count ?? 0
                    truncated.insert(span.traceID)
                    held -= evicted
                    counts.kept -= evicted
                    counts.dropped += evicted + 1
                    continue
                }
                spans[span.traceID, default: []].append(span)
                counts.kept += 1
                held += 1
            } else {
                counts.foreign += 1
                if span.parentSpanID == nil,
                    counts.foreignRoots[span.name] != nil
                        || counts.foreignRoots.count < SpanCollector.maxForeignRootNames
                {
                    counts.foreignRoots[span.name, default: 0] += 1
                }
            }
        }
    }

    mutating func release(_ ids: [TraceID]) {
        for id in ids {
            held -= spans.removeValue(forKey: id)?.count ?? 0
            expected.remove(id)
            truncated.remove(id)
        }
    }
}

/// SeededRandom64: the same sequence on every run.
struct SeededRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
