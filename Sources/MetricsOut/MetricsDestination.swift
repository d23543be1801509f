import Foundation
import HTTPFetch

/// Where a run's live figures go (`--metrics-out`): Prometheus's remote write, or OTLP metrics
/// over HTTP (an OpenTelemetry Collector, or any OTLP backend).
package protocol MetricsDestination: Sendable {
    /// The HTTP URL the figures are posted to.
    var url: String { get }
    /// Sends one batch; `first` for the run's first (remote write sends the metrics' metadata then).
    func send(_ series: [WriteRequest.Series], first: Bool) async throws(MetricsRefused)
}

/// The destination did not take the figures, and why.
package struct MetricsRefused: Error, CustomStringConvertible {
    package var description: String
}

/// Picks the destination a `--metrics-out` target names.
package enum MetricsTarget {
    /// What a target may look like, for an error message.
    package static let expected =
        "expected \(RemoteWrite.scheme)://HOST:PORT/PATH (e.g. prometheus+remote-write://localhost:9090/api/v1/write), "
        + "\(OTLPMetricsExport.scheme)://HOST:PORT[/PATH] (an OTLP/HTTP receiver such as the Collector's, e.g. otlp+http://localhost:4318), "
        + "or their +https forms"

    /// nil when `target` names no destination traceload can write to.
    package static func destination(
        _ target: String, authorization: String? = nil, headers: [(String, String)] = []
    ) -> (any MetricsDestination)? {
        if let remote = RemoteWrite(target: target, authorization: authorization) { return remote }
        return OTLPMetricsExport(target: target, authorization: authorization, headers: headers)
    }

    /// `SCHEME://rest` or `SCHEME+https://rest` as an http(s) URL with a host; nil for another scheme.
    static func httpURL(_ target: String, scheme: String) -> URLComponents? {
        let url: String
        if target.hasPrefix(scheme + "+https://") {
            url = "https://" + target.dropFirst((scheme + "+https://").count)
        } else if target.hasPrefix(scheme + "://") {
            url = "http://" + target.dropFirst((scheme + "://").count)
        } else {
            return nil
        }
        guard let parsed = URLComponents(string: url), let host = parsed.host, !host.isEmpty else { return nil }
        return parsed
    }

    /// Posts `body`, trying again (four attempts in all, 250 ms doubling between them) while
    /// the answer is one `retryable` accepts or no answer came, and the task is not cancelled (the
    /// run's end gave up on the receiver); returns the successful answer's body.
    static func post(
        _ url: String, headers: [String: String], body: Data, timeoutSeconds: Double, retryable: (Int) -> Bool
    ) async throws(MetricsRefused) -> Data {
        var problem = ""
        for attempt in 0..<4 {
            if attempt > 0 { try? await Task.sleep(for: .milliseconds(250 << (attempt - 1))) }
            if Task.isCancelled {
                problem += problem.isEmpty ? "given up" : "; given up"
                break
            }
            do {
                let answer = try await HTTPFetch.request(
                    url, method: "POST", headers: headers, body: body, timeoutSeconds: timeoutSeconds)
                if (200..<300).contains(answer.status) { return answer.body }
                problem = "HTTP \(answer.status): \(answer.text.prefix(300).trimmingCharacters(in: .whitespacesAndNewlines))"
                if !retryable(answer.status) { break }
            } catch {
                problem = "\(error)"
            }
        }
        throw MetricsRefused(description: "\(url) did not take the samples (\(problem))")
    }
}
