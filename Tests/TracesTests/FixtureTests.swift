import Foundation
import Testing
@testable import Analysis
@testable import Traces

/// The recorded Milvus 2.3.5 traces and Jaeger answers in Tests/Fixtures (see the READMEs there).
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    static func spans(_ name: String) throws -> [Span] {
        let result = try OTLPJSON.readFile(path(name))
        #expect(result.problems.isEmpty, "\(result.problems.prefix(3))")
        return result.spans
    }
}

@Suite struct FixtureTests {
    @Test func parsesEverySpanOfTheRecordings() throws {
        let spans = try Fixtures.spans("milvus-2.3.5/server-fraction-0-client-0.5.jsonl")
        #expect(spans.count == 249)
        #expect(spans.filter { $0.service == "milvus-client" }.count == 32)
        #expect(spans.filter { $0.service == "standalone" }.count == 217)
        let search = try #require(spans.first { $0.name == "/milvus.proto.milvus.MilvusService/Search" })
        #expect(search.kind == .client && search.parentSpanID == nil && search.durationNanos > 0)
        let all = try Fixtures.spans("milvus-2.3.5/server-fraction-1.jsonl")
        #expect(all.count == 1609)
    }

    @Test func joinsEverySampledRequestAndComponentsSumToItsLatency() throws {
        let spans = try Fixtures.spans("milvus-2.3.5/server-fraction-0-client-0.5.jsonl")
        let analysis = ClientTraffic.analyse(spans: spans, clientService: "milvus-client", map: .milvusDefaults)
        let total = analysis.breakdowns.reduce(0) { $0 + $1.coverage.sampled }
        let joined = analysis.breakdowns.reduce(0) { $0 + $1.coverage.joined }
        #expect(total == 32)
        #expect(joined == 32)
        let search = try #require(analysis.breakdowns.first { $0.operation == "Search" })
        #expect(search.coverage.sampled == 15 && search.coverage.joined == 15)
        #expect(search.maxSumErrorPercent < 0.001)
        let serverComponents = search.components.map(\.component).filter { $0 != Attribution.clientAndWire }
        #expect(serverComponents.count >= 3, "\(serverComponents)")
        #expect(abs(search.components.reduce(0) { $0 + $1.shareOfMean } - 1) < 1e-9)
        #expect(search.slowestTrace.first?.name == "client: Search")
        #expect(search.slowestTrace.contains { $0.name == "Proxy-Search" && $0.depth >= 2 })
    }

    @Test func serverBackgroundWorkIsIgnored() throws {
        let spans = try Fixtures.spans("milvus-2.3.5/server-fraction-1.jsonl")
        let analysis = ClientTraffic.analyse(spans: spans, clientService: "milvus-client", map: .milvusDefaults)
        #expect(analysis.breakdowns.reduce(0) { $0 + $1.coverage.sampled } == 60)
        #expect(analysis.breakdowns.reduce(0) { $0 + $1.coverage.serverSpans } == 426)
        #expect(analysis.evidence.foreignSpans == 1609 - 60 - 426)
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
        #expect(counts.kept + counts.dropped == serverSpans.count && counts.kept <= 100 && counts.dropped > 0, "\(counts)")
        #expect(counts.malformed == 2 && counts.received == serverSpans.count + 2)
        // A trace that lost a span is left out whole: every trace handed out is complete.
        let handedOut = collector.spans(of: clientSpans.map(\.traceID))
        #expect(!handedOut.isEmpty && handedOut.count < clientSpans.count)
        for (id, kept) in handedOut { #expect(kept.count == serverSpans.filter { $0.traceID == id }.count) }

        let requests = clientSpans.map {
            ClientRequest(phase: "p", operation: ClientTraffic.operationName($0.name), traceID: $0.traceID, spanID: $0.spanID, latencyNanos: $0.durationNanos)
        }
        var traces = collector.spans(of: requests.map(\.traceID))
        for span in clientSpans { traces[span.traceID, default: []].append(span) }
        let breakdowns = Breakdown.build(requests: requests, traces: traces, clientService: "milvus-client", map: .milvusDefaults,
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

    @Test func diagnosesTheFlags03Trap() throws {
        let spans = try Fixtures.spans("milvus-2.3.5/client-flags-03-not-joined.jsonl")
        let analysis = ClientTraffic.analyse(spans: spans, clientService: "milvus-client", map: .milvusDefaults)
        let search = try #require(analysis.breakdowns.first { $0.operation == "Search" })
        #expect(search.coverage.joined == 0 && search.coverage.sampled == 10)
        let diagnosis = try #require(search.coverage.diagnosis)
        #expect(diagnosis.contains("did not propagate") && diagnosis.contains("exactly 01"))
    }

    @Test func criticalPathCoversTheRootExactly() {
        let t = TraceID(high: 1, low: 2)
        func span(_ id: UInt64, _ parent: UInt64?, _ start: UInt64, _ end: UInt64, _ name: String) -> Span {
            Span(traceID: t, spanID: id, parentSpanID: parent, name: name, service: "standalone", kind: .internal, startUnixNanos: start, endUnixNanos: end)
        }
        // root 0–100; a 10–40; b 30–90 (overlaps a, finishes last); c inside b 50–95 (clipped to 90); d 95–120 overflows root.
        let spans = [span(1, nil, 0, 100, "root"), span(2, 1, 10, 40, "a"), span(3, 1, 30, 90, "b"),
                     span(4, 3, 50, 95, "c"), span(5, 1, 95, 120, "d")]
        let sections = CriticalPath.sections(root: spans[0], spans: spans)
        let byName = Dictionary(uniqueKeysWithValues: sections.map { ($0.span.name, $0.nanos) })
        #expect(sections.reduce(0) { $0 + $1.nanos } == 100)
        // d (clipped 95–100) finishes last: 5; then b 30–90 of which c 50–90 is 40 and b's own 20;
        // a only counts before b started (10–30 is not a's: a ends at 40 > 30, so it is skipped);
        // root keeps 90–95 and 0–30.
        #expect(byName["d"] == 5 && byName["c"] == 40 && byName["b"] == 20 && byName["root"] == 35 && byName["a"] == nil)
    }
}
