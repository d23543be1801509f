import Foundation
import NIOHTTP1
import TestFixtures
import Testing
import TraceContext

@testable import Traces

/// The Jaeger client against recorded Jaeger answers served over real HTTP.
@Suite struct JaegerSourceTests {
    static let envelope = try! Data(
        contentsOf: URL(fileURLWithPath: Fixtures.path("jaeger/jaeger-v1-api-response-data-envelope.json")))
    static let v3 = try! Data(contentsOf: URL(fileURLWithPath: Fixtures.path("jaeger/jaeger-v3-get-trace.json")))
    static let traceID = TraceID(hex: "c620759e5d60fafb8ee0922b30e06bc6")!
    // Treat every span as a server span: the recorded trace has no client service of ours.
    static let client = "milvus-client"

    @Test func fetchesATraceThatArrivesLateAfter404sAnd500s() async throws {
        let server = try FixtureHTTPServer { path, attempt, headers in
            if path == "/api/services" { return .init(body: Data(#"{"data":["example-trace"]}"#.utf8)) }
            #expect(headers["Authorization"].first == "Bearer t0ken")
            switch attempt {
            case 0:
                return .init(
                    status: .notFound,
                    body: Data(#"{"data":null,"errors":[{"code":404,"msg":"trace not found"}]}"#.utf8))
            case 1: return .init(status: .internalServerError, body: Data("oops".utf8))
            case 2: return .init(body: Self.envelope, truncateAfter: 200)
            default: return .init(body: Self.envelope, delay: .milliseconds(50))
            }
        }
        defer { server.stop() }
        let source = JaegerSource(baseURL: server.url, authorization: "Bearer t0ken")
        // The deadline only ends a failing fetch: a loaded machine (the whole suite in parallel) may
        // take seconds per answer.
        let result = await source.collect(
            traceIDs: [Self.traceID], clientService: Self.client, deadline: .seconds(600), quiet: .seconds(1))
        #expect(await source.prepared().api == .v1)
        #expect(result.missing.isEmpty)
        #expect(result.traces[Self.traceID]?.count == 4)
        // Two good answers with the same span count: the trace stopped growing.
        #expect(server.requests(to: "/api/traces/\(Self.traceID)") >= 5)
        #expect(!result.problems.isEmpty)
    }

    /// Jaeger stores spans as exporters send them: a trace found with some of its spans may grow a
    /// batch later (Milvus's segcore exporter sends apart from the Go one). The recorded answer,
    /// first with one of its spans held back, then whole.
    @Test func aTraceThatGrowsAfterItWasFirstFoundIsFetchedWhole() async throws {
        var partial = try #require(try JSONSerialization.jsonObject(with: Self.envelope) as? [String: Any])
        var traces = try #require(partial["data"] as? [[String: Any]])
        var spans = try #require(traces[0]["spans"] as? [[String: Any]])
        spans.removeLast()
        traces[0]["spans"] = spans
        partial["data"] = traces
        let early = try JSONSerialization.data(withJSONObject: partial)
        let server = try FixtureHTTPServer { path, attempt, _ in
            if path == "/api/services" { return .init(body: Data(#"{"data":["example-trace"]}"#.utf8)) }
            return .init(body: attempt < 2 ? early : Self.envelope)
        }
        defer { server.stop() }
        // The second answer (the first repeat, about 1 s later) is still partial; the quiet period
        // is long enough that a loaded machine polls again within it. The deadline is far beyond
        // what the test needs (about 11 s; the test process's other tests have held its threads
        // for 30 s): it ends on the quiet period.
        let result = await JaegerSource(baseURL: server.url).collect(
            traceIDs: [Self.traceID], clientService: Self.client,
            deadline: .seconds(600), quiet: .seconds(8))
        #expect(result.traces[Self.traceID]?.count == 4)
        #expect(result.missing.isEmpty)
    }

    @Test func usesAPIv3WhenV1IsGone() async throws {
        let id = TraceID(high: 0, low: 1)
        let server = try FixtureHTTPServer { path, _, _ in
            path == "/api/v3/traces/\(id)" ? .init(body: Self.v3) : .init(status: .notFound)
        }
        defer { server.stop() }
        let source = JaegerSource(baseURL: server.url)
        let result = await source.collect(traceIDs: [id], clientService: Self.client, deadline: .seconds(600))
        #expect(await source.prepared().api == .v3)
        #expect(result.traces[id]?.first?.name == "foobar")
        #expect(result.missing.isEmpty)
    }

    @Test func reportsTracesThatNeverArriveAndAnUnreachableJaeger() async throws {
        let server = try FixtureHTTPServer { path, _, _ in
            path == "/api/services" ? .init(body: Data("{}".utf8)) : .init(status: .notFound)
        }
        let missing = await JaegerSource(baseURL: server.url).collect(
            traceIDs: [Self.traceID], clientService: Self.client, deadline: .seconds(2))
        server.stop()
        #expect(missing.missing == [Self.traceID] && missing.traces.isEmpty)

        let unreachable = await JaegerSource(baseURL: "http://127.0.0.1:9", api: .v1, requestTimeout: 1)
            .collect(traceIDs: [Self.traceID], clientService: Self.client, deadline: .seconds(2))
        #expect(unreachable.missing == [Self.traceID])
        #expect(unreachable.problems.first?.contains("unreachable") == true)
    }

    /// A Jaeger slower than the request timeout: each request is abandoned after it, the
    /// collection ends at its deadline, and the trace is reported missing with the reason.
    @Test func aSlowJaegerCostsAtMostTheDeadline() async throws {
        let server = try FixtureHTTPServer { path, _, _ in
            path == "/api/services" ? .init(body: Data("{}".utf8)) : .init(body: Self.envelope, delay: .seconds(600))
        }
        defer { server.stop() }
        let started = ContinuousClock.now
        let result = await JaegerSource(baseURL: server.url, api: .v1, requestTimeout: 1)
            .collect(traceIDs: [Self.traceID], clientService: Self.client, deadline: .seconds(3))
        // Without the request timeout the first fetch alone would take the server's 600 s; with it,
        // the deadline plus one timeout (about 4 s on a quiet machine). The bound is far from both:
        // a test process whose other tests hold its threads took 30 s for it.
        #expect(ContinuousClock.now - started < .seconds(300))
        #expect(result.missing == [Self.traceID] && result.traces.isEmpty)
        #expect(result.problems.contains { $0.contains("did not answer within 1 s") }, "\(result.problems)")
    }

    @Test func searchesTracesOfAServiceInAWindow() async throws {
        let server = try FixtureHTTPServer { path, _, _ in
            switch path {
            case "/api/services": return .init(body: Data(#"{"data":["example-trace"]}"#.utf8))
            case "/api/traces": return .init(body: Self.envelope)
            default: return .init(status: .notFound)
            }
        }
        defer { server.stop() }
        let spans = try await JaegerSource(baseURL: server.url).search(
            service: "example-trace", start: Date(timeIntervalSince1970: 1_711_138_000), end: Date())
        #expect(spans.count == 4 && Set(spans.map(\.traceID)) == [Self.traceID])
    }
}

extension JaegerSourceTests {
    /// A collection cancelled while its requests are in flight ends: FoundationNetworking (Linux)
    /// hangs or crashes when the task awaiting `URLSession.data(for:)` is cancelled mid-request
    /// (seen: a run's per-second metrics sampler crashed it at a phase end; here, without the fix,
    /// the test hangs, hence its time limit).
    @Test(.timeLimit(.minutes(1))) func aCollectionCancelledMidRequestEndsCleanly() async throws {
        let server = try FixtureHTTPServer { path, _, _ in
            path == "/api/services"
                ? .init(body: Data("{}".utf8)) : .init(body: Self.envelope, delay: .milliseconds(200))
        }
        defer { server.stop() }
        // Cancelled before, around and after the answers arrive (200 ms), eight requests at a time.
        for round in 0..<20 {
            let task = Task {
                await JaegerSource(baseURL: server.url, api: .v1, requestTimeout: 5)
                    .collect(
                        traceIDs: [Self.traceID] + (1...7).map { TraceID(high: UInt64(round), low: $0) },
                        clientService: Self.client,
                        deadline: .seconds(10))
            }
            try await Task.sleep(for: .milliseconds(150 + 6 * round))
            task.cancel()
            _ = await task.value
        }
        #expect(server.requests(to: "/api/traces/\(Self.traceID)") >= 20)
    }
}
