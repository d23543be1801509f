import Foundation
import Results
import Scenario
import TestFixtures
import Testing
import TraceContext
import Traces
import Workload

@testable import Engine

/// `analyze --traces tempo+http://...` and a run's traces fetched from Tempo: a real Milvus
/// capture served the way Tempo serves it gives the same breakdown as the capture read from its file.
@Suite struct TrafficAnalysisTests {
    static let capture = "milvus-2.3.5/search-under-load/spans.jsonl"

    /// A Tempo holding the capture's traces (trace by id only), and the traces' ids.
    static func tempo() throws -> (FixtureHTTPServer, spans: [Span]) {
        let spans = try Fixtures.spans(capture)
        let answers = try Dictionary(grouping: spans, by: \.traceID).mapValues { try TempoAnswers.trace($0) }
        let server = try FixtureHTTPServer { path, _, headers in
            #expect(headers["X-Scope-OrgID"].first == "milvus-team")
            guard let id = TraceID(hex: String(path.dropFirst("/api/traces/".count))), let body = answers[id] else {
                return .init(status: .notFound)
            }
            return .init(body: body)
        }
        return (server, spans)
    }

    /// What `run` does with a Tempo: its sampled requests' traces fetched by id as each phase
    /// ends; what it gets is the capture's spans of those traces.
    @Test func aRunsPhaseCollectsItsTracesFromTempo() async throws {
        let (server, spans) = try Self.tempo()
        defer { server.stop() }
        let searches = spans.filter { $0.service == "milvus-client" && $0.name.hasSuffix("/Search") }.prefix(40)
        let ids = searches.map(\.traceID)
        var spec = TracingSpec()
        spec.quietSeconds = 0.5
        let store = TraceStoreSpec(
            kind: .tempo, url: server.url, api: "v1", tenant: "milvus-team", otlpEndpoint: "http://127.0.0.1:9",
            deadlineSeconds: 30)
        let session = try await TraceSession.start(spec: spec, store: store, embedded: false)
        defer { Task { await session.shutdown() } }
        let collected = await session.collect(
            TraceSessionTests.phase(Array(ids)), clientService: "milvus-client", control: RunControl()) { _ in }
        let wanted = Set(ids)
        #expect(collected.warnings.isEmpty, "\(collected.warnings)")
        #expect(collected.spans.count == spans.filter { wanted.contains($0.traceID) }.count)
        #expect(collected.spans.contains { $0.service == "segcore" } || collected.spans.contains { $0.service == "standalone" })
    }

    /// `analyze RUN_DIR --traces tempo+http://...`: a run correlated again from Tempo, as from the file.
    @Test func aRunReanalysedFromTempoMatchesTheFile() async throws {
        let (server, spans) = try Self.tempo()
        defer { server.stop() }
        let sampled = spans.filter { $0.service == "milvus-client" && $0.name.hasSuffix("/Search") }.prefix(60).map {
            SampledRequest(
                traceID: $0.traceID, spanID: $0.spanID, operation: .search, startUnixNanos: $0.startUnixNanos,
                latencyNanos: $0.durationNanos, error: nil)
        }
        var run = SampleRuns.run([SampleRuns.phaseResult(name: "search", latenciesMs: [1], sampled: Array(sampled))])
        run.scenario.quietSeconds = 0.5
        let viaTempo = try await TrafficAnalysis.reanalyse(
            run, traces: "tempo+\(server.url)", authorization: nil, tenant: "milvus-team")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tempo-\(UUID()).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try OTLPJSONWriter.lines(spans).write(toFile: file, atomically: true, encoding: .utf8)
        let fromFile = try await TrafficAnalysis.reanalyse(run, traces: file, authorization: nil, tenant: nil)
        let a = try #require(viaTempo.tracing?.breakdowns.first { $0.operation == "search" })
        let b = try #require(fromFile.tracing?.breakdowns.first { $0.operation == "search" })
        #expect(a.coverage.joined == 60 && b.coverage.joined == 60)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(try encoder.encode(a.components) == encoder.encode(b.components))
    }

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
        #expect(viaTempo.spanCount == fromFile.spanCount)
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
