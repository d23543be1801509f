import Foundation
import HTTPFetch

/// Sends series to a Prometheus remote-write receiver (Prometheus with
/// `--web.enable-remote-write-receiver`, Mimir, Grafana Cloud, VictoriaMetrics, the
/// Collector's receiver): protobuf, snappy, protocol 0.1.0. A refusal (4xx) is not retried: the
/// same samples would be refused again; an unavailable receiver (5xx, no answer) is, three times.
package struct RemoteWrite: Sendable {
    package let url: String
    let authorization: String?
    let timeoutSeconds: Double

    /// `prometheus+remote-write://HOST:PORT/PATH` (http) or `prometheus+remote-write+https://...`.
    package static let scheme = "prometheus+remote-write"

    package init?(target: String, authorization: String? = nil, timeoutSeconds: Double = 5) {
        let url: String
        if target.hasPrefix(Self.scheme + "+https://") {
            url = "https://" + target.dropFirst((Self.scheme + "+https://").count)
        } else if target.hasPrefix(Self.scheme + "://") {
            url = "http://" + target.dropFirst((Self.scheme + "://").count)
        } else {
            return nil
        }
        guard let parsed = URLComponents(string: url), let host = parsed.host, !host.isEmpty else { return nil }
        self.url = url
        self.authorization = authorization
        self.timeoutSeconds = timeoutSeconds
    }

    package struct Refused: Error, CustomStringConvertible {
        package var description: String
    }

    package func send(_ request: WriteRequest) async throws(Refused) {
        let body = Data(Snappy.literals(request.serialized()))
        var headers = [
            "Content-Type": "application/x-protobuf", "Content-Encoding": "snappy",
            "X-Prometheus-Remote-Write-Version": "0.1.0", "User-Agent": "traceload",
        ]
        if let authorization { headers["Authorization"] = authorization }
        var problem = ""
        for attempt in 0..<4 {
            if attempt > 0 { try? await Task.sleep(for: .milliseconds(250 << (attempt - 1))) }
            do {
                let answer = try await HTTPFetch.request(
                    url, method: "POST", headers: headers, body: body, timeoutSeconds: timeoutSeconds)
                if (200..<300).contains(answer.status) { return }
                problem = "HTTP \(answer.status): \(answer.text.prefix(300).trimmingCharacters(in: .whitespacesAndNewlines))"
                if (400..<500).contains(answer.status) && answer.status != 429 { break }
            } catch {
                problem = "\(error)"
            }
        }
        throw Refused(description: "\(url) did not take the samples (\(problem))")
    }
}
