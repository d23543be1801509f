import Foundation
import TestFixtures
import Testing
import TraceContext

@testable import Traces

/// A distributed run's traces: every segment's client and Milvus export to one shared Jaeger, and
/// each segment fetches its own sampled traces by id (recorded Jaeger answers, served over HTTP).
@Suite struct JaegerSegmentsTests {
    @Test func segmentsSharingOneJaegerEachFetchTheirOwnTraces() async throws {
        let envelope = try Fixtures.data("jaeger/jaeger-v1-api-response-data-envelope.json")
        // Jaeger UI's download of one trace; the query API wraps the same trace in {"data": [...]}.
        let download = try JSONSerialization.jsonObject(
            with: try Fixtures.data("jaeger/jaeger-v1-trace-petclinic-2svc.json"))
        let petclinic = try JSONSerialization.data(withJSONObject: ["data": [download]])
        let first = try #require(TraceID(hex: "c620759e5d60fafb8ee0922b30e06bc6"))
        let second = try #require(TraceID(hex: "4766f1209f70a5e2e55417fc296fd101"))
        let server = try FixtureHTTPServer { path, _, _ in
            switch path {
            case "/api/services":
                .init(body: Data(#"{"data":["example-trace","api-gateway","customers-service"]}"#.utf8))
            case "/api/traces/\(first)": .init(body: envelope)
            case "/api/traces/\(second)": .init(body: petclinic)
            default:
                .init(
                    status: .notFound,
                    body: Data(#"{"data":null,"errors":[{"code":404,"msg":"trace not found"}]}"#.utf8))
            }
        }
        defer { server.stop() }
        let jaeger = JaegerSource(baseURL: server.url)
        // Segment 0 sampled the first trace, segment 1 the second: neither asks for the other's.
        let segment0 = await jaeger.collect(
            traceIDs: [first], clientService: "milvus-client", deadline: .seconds(600), quiet: .milliseconds(300))
        let segment1 = await jaeger.collect(
            traceIDs: [second], clientService: "milvus-client", deadline: .seconds(600), quiet: .milliseconds(300))
        #expect(
            Array(segment0.traces.keys) == [first] && segment0.traces[first]?.count == 4 && segment0.missing.isEmpty)
        #expect(
            Array(segment1.traces.keys) == [second] && segment1.traces[second]?.count == 5 && segment1.missing.isEmpty)

        // Each segment keeps its traces in its spans.jsonl; merge reads them all back together.
        let dir = NSTemporaryDirectory() + "traceload-segments-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (index, collection) in [segment0, segment1].enumerated() {
            try OTLPJSONWriter.lines(Array(collection.traces.values.joined()))
                .write(toFile: dir + "/segment-\(index).jsonl", atomically: true, encoding: .utf8)
        }
        let spans = try (0..<2).flatMap { try TraceFile.read(dir + "/segment-\($0).jsonl").spans }
        let traces = Dictionary(grouping: spans, by: \.traceID)
        #expect(traces[first]?.count == 4 && traces[second]?.count == 5)
        #expect(Set(spans.map(\.service)) == ["example-trace", "api-gateway", "customers-service"])
    }
}
