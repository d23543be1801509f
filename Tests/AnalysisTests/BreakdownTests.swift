import TestFixtures
import Testing
import TraceContext

@testable import Analysis
@testable import Traces

/// A search phase under load on the embedded Milvus 2.3.5 (Tests/Fixtures/milvus-2.3.5/search-under-load):
/// most traces lack Milvus's segcore spans, and most of a search's time lies in
/// `Proxy-Search-Execute` with no child span.
@Suite struct BreakdownTests {
    static let spans = try! Fixtures.spans("milvus-2.3.5/search-under-load/spans.jsonl")
    static let analysis = ClientTraffic.analyse(spans: spans, clientService: "milvus-client", map: .milvusDefaults)

    /// The search traces, by trace id, as the recording has them (counted here without Analysis).
    static var searchTraces: [TraceID: [Span]] {
        let clients = Set(spans.filter { $0.name == "/milvus.proto.milvus.MilvusService/Search" }.map(\.traceID))
        return Dictionary(grouping: spans.filter { clients.contains($0.traceID) }, by: \.traceID)
    }

    @Test func incompleteTracesAreCountedAndExplained() throws {
        let search = try #require(Self.analysis.breakdowns.first { $0.operation == "Search" })
        let traces = Self.searchTraces
        let lacking = traces.values.filter { !$0.contains { $0.name == "SegCoreSearch" } }.count
        #expect(lacking == 159)
        #expect(search.coverage.joined == traces.count)
        #expect(search.coverage.complete == traces.count - lacking)
        #expect(
            search.coverage.missing == [
                MissingSpan(
                    name: "SegCoreSearch", component: "segcore", parent: "Proxy-Search-Execute",
                    lacking: lacking, present: traces.count - lacking)
            ])
        let words = try #require(search.coverage.completeness)
        #expect(words.contains("159 of 270 Search traces have no SegCoreSearch span; the other 111 do"), "\(words)")
        #expect(words.contains("untraced time inside Proxy-Search-Execute"))
        // A table over the complete traces alone, where segcore is the larger share.
        let complete = try #require(search.completeComponents)
        let segcoreAll = try #require(search.components.first { $0.component == "segcore" })
        let segcoreComplete = try #require(complete.first { $0.component == "segcore" })
        #expect(segcoreComplete.shareOfMean > segcoreAll.shareOfMean)
        // Inserts have no such gaps.
        let insert = try #require(Self.analysis.breakdowns.first { $0.operation == "Insert" })
        #expect(insert.coverage.complete == insert.coverage.joined && insert.completeComponents == nil)
    }

    /// Untraced time inside `Proxy-Search-Execute`: its duration minus the time its children cover,
    /// computed here directly from the spans (it lies wholly on the critical path: SearchTask's
    /// phases run one after another).
    @Test func untracedTimeInsideTheExecuteSpanIsMeasured() throws {
        let search = try #require(Self.analysis.breakdowns.first { $0.operation == "Search" })
        var total = 0.0
        for trace in Self.searchTraces.values {
            let execute = try #require(trace.first { $0.name == "Proxy-Search-Execute" })
            let children = trace.filter { $0.parentSpanID == execute.spanID }
                .map { (max($0.startUnixNanos, execute.startUnixNanos), min($0.endUnixNanos, execute.endUnixNanos)) }
                .filter { $0.0 < $0.1 }
            total += Double(execute.durationNanos - CriticalPath.union(children).reduce(0) { $0 + ($1.1 - $1.0) }) / 1e6
        }
        let expected = total / Double(Self.searchTraces.count)
        let row = try #require(search.untraced?.first)
        #expect(row.span == "Proxy-Search-Execute" && row.component == "proxy")
        #expect(abs(row.meanMs - expected) < 1e-6, "\(row.meanMs) vs \(expected)")
        #expect(row.shareOfLatency > 0.5)
        // The proxy's untraced time is mostly that span's; segcore's spans are leaves: their time is work, not waiting.
        let proxy = try #require(search.components.first { $0.component == "proxy" })
        #expect((proxy.uncoveredMs ?? 0) >= row.meanMs && (proxy.uncoveredMs ?? 0) <= proxy.meanMs)
        #expect(search.components.first { $0.component == "segcore" }?.uncoveredMs == 0)
        #expect(search.components.first { $0.component == "client+wire" }?.uncoveredMs == nil)
    }

    /// Every request's components add up to its latency; the complete traces' table too.
    @Test func componentsAddUpToTheLatency() throws {
        for b in Self.analysis.breakdowns {
            #expect(b.maxSumErrorPercent < 0.001)
            #expect(abs(b.components.reduce(0) { $0 + $1.shareOfMean } - 1) < 1e-9)
            if let complete = b.completeComponents {
                #expect(abs(complete.reduce(0) { $0 + $1.shareOfMean } - 1) < 1e-9)
            }
        }
    }
}
