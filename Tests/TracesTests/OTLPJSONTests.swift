import Foundation
import TestFixtures
import Testing

@testable import Traces

@Suite struct OTLPJSONTests {
    @Test func parsesEverySpanOfTheRecordings() throws {
        let spans = try Fixtures.spans("milvus-2.3.5/server-fraction-0-client-0.5.jsonl")
        #expect(spans.count == 249)
        #expect(spans.filter { $0.service == "milvus-client" }.count == 32)
        #expect(spans.filter { $0.service == "standalone" }.count == 217)
        let search = try #require(spans.first { $0.name == "/milvus.proto.milvus.MilvusService/Search" })
        #expect(search.kind == .client && search.parentSpanID == nil && search.durationNanos > 0)
        let all = try Fixtures.spans("milvus-2.3.5/server-fraction-1.jsonl")
        #expect(all.count == 1609)
        // Milvus names its tracers after roles: the scope survives parsing.
        #expect(all.first { $0.name == "Proxy-Search" }?.scope == "proxy")
        #expect(all.first { $0.name == "Get-Segments" }?.scope == "datacoord")
    }

    /// spans.jsonl as traceload writes it reads back to the same spans, scopes included.
    @Test func writtenLinesReadBackToTheSameSpans() throws {
        let spans = try Fixtures.spans("milvus-2.3.5/server-fraction-1.jsonl")
        let again = OTLPJSON.parseLines(Data(OTLPJSONWriter.lines(spans).utf8))
        #expect(again.problems.isEmpty)
        func key(_ span: Span) -> String { "\(span.traceID)/\(span.spanID)" }
        #expect(
            Dictionary(uniqueKeysWithValues: again.spans.map { (key($0), $0) })
                == Dictionary(uniqueKeysWithValues: spans.map { (key($0), $0) }))
    }
}
