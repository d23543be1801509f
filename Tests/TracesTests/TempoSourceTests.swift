import Foundation
import TestFixtures
import Testing
import TraceContext

@testable import Traces

/// The Tempo client against Tempo's recorded answers served over real HTTP.
@Suite struct TempoSourceTests {
    static let trace = try! Fixtures.data("jaeger/tempo-v1-trace-by-id-batches.json")
    static let search = try! Fixtures.data("jaeger/tempo-search-traceql.json")
    /// The recorded trace's id (base64 `O6VWCcPN5JZJzXfR+dzZNg==` in its spans).
    static let traceID = TraceID(hex: "3ba55609c3cde49649cd77d1f9dcd936")!
    static let client = "traceload-client"

    @Test func readsATraceByIdSendingTheTenantAndCredentials() async throws {
        let server = try FixtureHTTPServer { path, attempt, headers in
            #expect(headers["X-Scope-OrgID"].first == "team-a")
            #expect(headers["Authorization"].first == "Basic dTpw")
            // Tempo answers 404 until the trace has been flushed to its ingesters' search.
            guard path == "/api/traces/\(Self.traceID)", attempt > 0 else { return .init(status: .notFound) }
            return .init(body: Self.trace)
        }
        defer { server.stop() }
        let source = TempoSource(baseURL: server.url, authorization: "Basic dTpw", tenant: "team-a")
        let result = await source.collect(
            traceIDs: [Self.traceID], clientService: Self.client, deadline: .seconds(600), quiet: .milliseconds(600))
        let spans = try #require(result.traces[Self.traceID])
        #expect(result.missing.isEmpty)
        #expect(spans.count == 8)
        #expect(Set(spans.map(\.traceID)) == [Self.traceID])
        #expect(spans.contains { $0.service == "istio-ingressgateway.istio-system" && $0.kind == .client })
        // Every span but the root hangs under another span of the trace.
        let ids = Set(spans.map(\.spanID))
        #expect(spans.filter { $0.parentSpanID == nil }.count == 1)
        #expect(spans.allSatisfy { $0.parentSpanID == nil || ids.contains($0.parentSpanID!) })
    }

    @Test func readsAV2Answer() async throws {
        let v2 = try TempoAnswers.v2(fromV1: Self.trace)
        let server = try FixtureHTTPServer { path, _, _ in
            path == "/api/v2/traces/\(Self.traceID)" ? .init(body: v2) : .init(status: .notFound)
        }
        defer { server.stop() }
        let fetched = await TempoSource(baseURL: server.url, api: .v2).fetch(Self.traceID)
        guard case .found(let spans) = fetched else {
            Issue.record("expected the trace, got \(fetched)")
            return
        }
        #expect(spans.count == 8)
    }

    /// A TraceQL search names the traces (with only their matching spans); each is then fetched whole.
    @Test func searchFindsTracesThenFetchesEachWhole() async throws {
        let found = "100cb753c787ed5657c8d88dafc176ed"
        let server = try FixtureHTTPServer { path, _, _ in
            switch path {
            case "/api/search": .init(body: Self.search)
            case "/api/traces/\(found)": .init(body: Self.trace)
            default: .init(status: .notFound)
            }
        }
        defer { server.stop() }
        let start = Date(timeIntervalSince1970: 1_701_778_000)
        let spans = try await TempoSource(baseURL: server.url).search(
            service: "productpage.bookinfo", start: start, end: start.addingTimeInterval(120.5), limit: 50)
        #expect(spans.count == 8)
        let query = try #require(server.lastQuery(of: "/api/search"))
        #expect(query.contains(#"q={ resource.service.name = "productpage.bookinfo" }"#), "\(query)")
        #expect(query.contains("start=1701778000") && query.contains("end=1701778121") && query.contains("limit=50"))
        #expect(server.requests(to: "/api/traces/\(found)") == 1)
    }

    @Test func aTempoThatRefusesTheSearchSaysWhy() async throws {
        let server = try FixtureHTTPServer { _, _, _ in
            .init(status: .badRequest, body: Data("invalid TraceQL query: parse error".utf8))
        }
        defer { server.stop() }
        await #expect(throws: TraceSourceError.self) {
            try await TempoSource(baseURL: server.url).search(
                service: "x", start: Date(timeIntervalSinceNow: -60), end: Date(), limit: 10)
        }
    }

    @Test func shortHexIdsInSearchAnswersGetTheirLeadingZeros() {
        #expect(TempoSource.traceID("cb753c787ed5657c8d88dafc176ed") == TraceID(hex: "000cb753c787ed5657c8d88dafc176ed"))
    }
}
