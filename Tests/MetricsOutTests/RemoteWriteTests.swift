import Foundation
import TestFixtures
import Testing

@testable import MetricsOut

@Suite struct RemoteWriteTests {
    @Test func targetsNameTheirScheme() {
        #expect(RemoteWrite(target: "prometheus+remote-write://localhost:9090/api/v1/write")?.url == "http://localhost:9090/api/v1/write")
        #expect(RemoteWrite(target: "prometheus+remote-write+https://mimir/api/v1/push")?.url == "https://mimir/api/v1/push")
        #expect(RemoteWrite(target: "http://localhost:9090/api/v1/write") == nil)
        #expect(RemoteWrite(target: "prometheus+remote-write://") == nil)
    }

    /// A receiver that is down for a moment gets the samples again; one that refuses them does not.
    @Test func retriesAnUnavailableReceiverButNotARefusal() async throws {
        let server = try FixtureHTTPServer { path, attempt, headers in
            #expect(headers["Content-Encoding"].first == "snappy")
            #expect(headers["X-Prometheus-Remote-Write-Version"].first == "0.1.0")
            if path == "/flaky" { return attempt < 2 ? .init(status: .serviceUnavailable) : .init(status: .noContent) }
            return .init(status: .badRequest, body: Data("out of order sample".utf8))
        }
        defer { server.stop() }
        let request = WriteRequest(series: [.init(labels: ["__name__": "m"], samples: [(1, 1)])])
        let flaky = try #require(RemoteWrite(target: "prometheus+remote-write://127.0.0.1:\(server.port)/flaky"))
        try await flaky.send(request)
        #expect(server.requests(to: "/flaky") == 3)
        let refusing = try #require(RemoteWrite(target: "prometheus+remote-write://127.0.0.1:\(server.port)/refuses"))
        await #expect(throws: MetricsRefused.self) { try await refusing.send(request) }
        #expect(server.requests(to: "/refuses") == 1)
    }
}
