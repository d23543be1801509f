import Foundation
import HTTPFetch
import TestFixtures
import Testing

/// The one HTTP request of traceload, against a real HTTP server on loopback.
@Suite struct HTTPFetchTests {
    @Test func answersComeBackWithTheirStatusAndHeadersGoOut() async throws {
        let server = try FixtureHTTPServer { path, _, headers in
            switch path {
            case "/ok": .init(body: Data("{\"auth\":\"\(headers["Authorization"].first ?? "")\"}".utf8))
            default: .init(status: .notFound, body: Data("nothing".utf8))
            }
        }
        defer { server.stop() }
        let ok = try await HTTPFetch.request(server.url + "/ok", headers: ["Authorization": "Bearer t"])
        #expect(ok.status == 200 && ok.text == "{\"auth\":\"Bearer t\"}")
        let missing = try await HTTPFetch.request(server.url + "/else")
        #expect(missing.status == 404 && missing.text == "nothing")
        #expect(await HTTPFetch.text(server.url + "/else") == nil)
        #expect(await HTTPFetch.text(server.url + "/ok") != nil)
    }

    @Test func noAnswerIsAFailureThatSaysWhy() async throws {
        await #expect(throws: HTTPFetch.Failure.self) { try await HTTPFetch.request("http://127.0.0.1:1/x") }
        await #expect(throws: HTTPFetch.Failure.badURL("not a url")) { try await HTTPFetch.request("not a url") }
        let slow = try FixtureHTTPServer { _, _, _ in .init(delay: .seconds(5)) }
        defer { slow.stop() }
        // A fraction of a second is not cut short (libcurl counts whole seconds).
        let started = ContinuousClock.now
        do {
            _ = try await HTTPFetch.request(slow.url + "/slow", timeoutSeconds: 0.5)
            Issue.record("a 5 s answer came within the timeout")
        } catch {
            #expect("\(error)".contains("did not answer within 0.5 s"), "\(error)")
        }
        #expect(ContinuousClock.now - started >= .milliseconds(500))
    }
}
