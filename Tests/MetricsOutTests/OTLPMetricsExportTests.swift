import Foundation
import TestFixtures
import Testing

@testable import MetricsOut

@Suite struct OTLPMetricsExportTests {
    @Test func targetsNameTheirSchemeAndTheDefaultPath() {
        #expect(OTLPMetricsExport(target: "otlp+http://collector:4318")?.url == "http://collector:4318/v1/metrics")
        #expect(OTLPMetricsExport(target: "otlp+https://otlp.example/otlp/v1/metrics")?.url == "https://otlp.example/otlp/v1/metrics")
        #expect(OTLPMetricsExport(target: "otlp://collector:4317") == nil)
        #expect(OTLPMetricsExport(target: "otlp+http://") == nil)
        #expect(MetricsTarget.destination("otlp+http://c:4318") is OTLPMetricsExport)
        #expect(MetricsTarget.destination("prometheus+remote-write://p:9090/api/v1/write") is RemoteWrite)
        #expect(MetricsTarget.destination("http://p:9090") == nil)
    }

    /// OTLP/HTTP's retry rules: 503 again, 400 never; the headers go with every export.
    @Test func retriesWhatOTLPCallsRetryableAndSendsTheHeaders() async throws {
        let server = try FixtureHTTPServer { path, attempt, headers in
            #expect(headers["Content-Type"].first == "application/x-protobuf")
            #expect(headers["X-Tenant"].first == "a b")
            if path == "/flaky/v1/metrics" { return attempt < 2 ? .init(status: .serviceUnavailable) : .init(status: .ok) }
            return .init(status: .badRequest, body: Data("bad".utf8))
        }
        defer { server.stop() }
        let series: [WriteRequest.Series] = [.init(labels: ["__name__": "traceload_requests_in_flight"], samples: [(1, 1)])]
        let flaky = try #require(
            OTLPMetricsExport(target: "otlp+http://127.0.0.1:\(server.port)/flaky/v1/metrics", headers: [("X-Tenant", "a b")]))
        try await flaky.send(series, first: true)
        #expect(server.requests(to: "/flaky/v1/metrics") == 3)
        let refusing = try #require(
            OTLPMetricsExport(target: "otlp+http://127.0.0.1:\(server.port)/refuses", headers: [("X-Tenant", "a b")]))
        await #expect(throws: MetricsRefused.self) { try await refusing.send(series, first: true) }
        #expect(server.requests(to: "/refuses") == 1)
    }
}
