import Foundation

/// Sends series to a Prometheus remote-write receiver (Prometheus with
/// `--web.enable-remote-write-receiver`, Mimir, Grafana Cloud, VictoriaMetrics, the
/// Collector's receiver): protobuf, snappy, protocol 0.1.0. A refusal (4xx) is not retried: the
/// same samples would be refused again; an unavailable receiver (5xx, 429, no answer) is, three times.
package struct RemoteWrite: MetricsDestination {
    package let url: String
    let authorization: String?
    let timeoutSeconds: Double

    /// `prometheus+remote-write://HOST:PORT/PATH` (http) or `prometheus+remote-write+https://...`.
    package static let scheme = "prometheus+remote-write"

    package init?(target: String, authorization: String? = nil, timeoutSeconds: Double = 5) {
        guard let url = MetricsTarget.httpURL(target, scheme: Self.scheme)?.string else { return nil }
        self.url = url
        self.authorization = authorization
        self.timeoutSeconds = timeoutSeconds
    }

    package func send(_ series: [WriteRequest.Series], first: Bool) async throws(MetricsRefused) {
        try await send(WriteRequest(series: series, metadata: first ? RunSeries.metadata : []))
    }

    func send(_ request: WriteRequest) async throws(MetricsRefused) {
        var headers = [
            "Content-Type": "application/x-protobuf", "Content-Encoding": "snappy",
            "X-Prometheus-Remote-Write-Version": "0.1.0", "User-Agent": "traceload",
        ]
        if let authorization { headers["Authorization"] = authorization }
        _ = try await MetricsTarget.post(
            url, headers: headers, body: Data(Snappy.literals(request.serialized())), timeoutSeconds: timeoutSeconds,
            retryable: { $0 >= 500 || $0 == 429 })
    }
}
