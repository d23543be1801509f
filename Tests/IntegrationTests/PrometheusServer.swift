import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// A real Prometheus (Debian's package, installed by the Makefile) on a free loopback port,
/// with the given scrape configuration; `remoteWrite`: its remote-write receiver on.
final class PrometheusServer {
    static let binary = "/usr/bin/prometheus"
    let process = Process()
    let port: Int

    init(in dir: String, scrapeConfigs: String = "", remoteWrite: Bool = false) throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.binary), "Prometheus is not installed (make setup installs it)")
        port = try #require(freeLocalPort())
        try """
        global: { scrape_interval: 1s, evaluation_interval: 1s }
        \(scrapeConfigs)
        """.write(toFile: dir + "/prometheus.yml", atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments =
            [
                "--config.file=\(dir)/prometheus.yml", "--storage.tsdb.path=\(dir)/prometheus-data",
                "--web.listen-address=127.0.0.1:\(port)",
            ] + (remoteWrite ? ["--web.enable-remote-write-receiver"] : [])
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        // The checkout, so that the leftover check after `make test` can tell this one as ours.
        process.currentDirectoryURL = CLIHarness.packageRoot
        try process.run()
        HelperReaper.shared.started(process)
        var ready = false
        for _ in 0..<120 where !ready {
            ready = (try? Data(contentsOf: URL(string: "\(url)/-/ready")!)) != nil
            if !ready { usleep(250_000) }
        }
        #expect(ready, "Prometheus did not become ready")
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// An instant query's result (`data.result`).
    func query(_ promQL: String, at time: Double? = nil) throws -> [[String: Any]] {
        try evaluate(promQL, at: time).result
    }

    /// An instant query: its result, or Prometheus's error (a query it cannot parse).
    func evaluate(_ promQL: String, at time: Double? = nil) throws -> (result: [[String: Any]], error: String?) {
        var components = URLComponents(string: url + "/api/v1/query")!
        components.queryItems =
            [URLQueryItem(name: "query", value: promQL)] + (time.map { [URLQueryItem(name: "time", value: String($0))] } ?? [])
        // Percent-encode '+' too: a query string reads it as a space.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        let (data, _) = try syncGet(components.url!)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let result = ((object["data"] as? [String: Any])?["result"] as? [[String: Any]]) ?? []
        return (result, object["status"] as? String == "success" ? nil : (object["error"] as? String ?? "\(object)"))
    }

    /// A GET that returns the body whatever the status (Prometheus explains a bad query in a 400's body).
    private func syncGet(_ url: URL) throws -> (Data, Int) {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var answer: (Data, Int)?
        nonisolated(unsafe) var failure: (any Error)?
        URLSession.shared.dataTask(with: url) { data, response, error in
            if let data { answer = (data, (response as? HTTPURLResponse)?.statusCode ?? 0) }
            failure = error
            done.signal()
        }.resume()
        done.wait()
        if let failure { throw failure }
        return try #require(answer)
    }

    /// Stops it (also when the test lets go of it without: a failed `#require`); safe to call again.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        HelperReaper.shared.stopped(process)
    }

    deinit { stop() }
}
