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
}
