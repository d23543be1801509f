import Foundation
import TestFixtures
import Testing
import TraceContext
import Traces

@testable import Engine

/// `analyze --traces tempo+http://...`: a real Milvus capture served the way Tempo serves it
/// gives the same breakdown as the capture read from its file.
@Suite struct TrafficAnalysisTests {
    static let capture = "milvus-2.3.5/search-under-load/spans.jsonl"

    @Test func tempoGivesTheSameBreakdownAsTheFile() async throws {
        let spans = try Fixtures.spans(Self.capture)
        let byTrace = Dictionary(grouping: spans, by: \.traceID)
        // 300 of the capture's requests: more than one search page would hold is not the point.
        let chosen = Array(Set(spans.filter { $0.service == "milvus-client" }.map(\.traceID)).sorted().prefix(300))
        let answers = try Dictionary(uniqueKeysWithValues: chosen.map { ($0.description, try TempoAnswers.trace(byTrace[$0]!)) })
        // The search answer in the shape of Tempo's recorded one, listing the chosen traces.
        var search = try #require(
            try JSONSerialization.jsonObject(with: Fixtures.data("jaeger/tempo-search-traceql.json")) as? [String: Any])
        let template = try #require((search["traces"] as? [[String: Any]])?.first)
        search["traces"] = chosen.map { id -> [String: Any] in
            var entry = template
            entry["traceID"] = id.description
            entry["rootServiceName"] = "milvus-client"
            return entry
        }
        let searchBody = try JSONSerialization.data(withJSONObject: search)
        let server = try FixtureHTTPServer { path, _, headers in
            if path == "/api/search" { return .init(body: searchBody) }
            let id = String(path.dropFirst("/api/traces/".count))
            return answers[id].map { .init(body: $0) } ?? .init(status: .notFound)
        }
        defer { server.stop() }

        let viaTempo = try await TrafficAnalysis.store(
            "tempo+\(server.url)", authorization: nil, tenant: nil, clientService: nil, ids: [],
            since: Date(timeIntervalSince1970: 1_795_625_900), until: Date(timeIntervalSince1970: 1_795_626_000))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tempo-\(UUID()).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try OTLPJSONWriter.lines(chosen.flatMap { byTrace[$0]! }).write(toFile: file, atomically: true, encoding: .utf8)
        let fromFile = try TrafficAnalysis.file(file, clientService: nil)

        #expect(viaTempo.clientSpans == 300)
        #expect(viaTempo.spans.count == fromFile.spans.count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(try encoder.encode(viaTempo.tracing.breakdowns) == encoder.encode(fromFile.tracing.breakdowns))
        #expect(Set(viaTempo.tracing.breakdowns.map(\.operation)) == ["Insert", "Search"])
        #expect(viaTempo.tracing.source.hasPrefix("Tempo at http://127.0.0.1"))
        let query = try #require(server.lastQuery(of: "/api/search"))
        #expect(query.contains("start=1795625900") && query.contains("end=1795626000"), "\(query)")
    }

    @Test func aTraceStoreURLNamesItsKind() {
        #expect(TrafficAnalysis.store("tempo+https://tempo:3200", authorization: nil, tenant: "t") is TempoSource)
        #expect(TrafficAnalysis.store("http://jaeger:16686", authorization: nil, tenant: nil) is JaegerSource)
        #expect(TrafficAnalysis.store("spans.jsonl", authorization: nil, tenant: nil) == nil)
    }
}
