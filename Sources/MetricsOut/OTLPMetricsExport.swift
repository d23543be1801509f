import Foundation

/// Sends series as OTLP metrics over HTTP (`POST /v1/metrics`, protobuf): to an OpenTelemetry
/// Collector's `otlp` receiver, or any backend that takes OTLP. Retried as OTLP/HTTP's
/// specification says (429, 502, 503, 504, or no answer); data points the receiver rejects in a
/// partial success count as a refusal.
package struct OTLPMetricsExport: MetricsDestination {
    package let url: String
    let headers: [String: String]
    let timeoutSeconds: Double
    /// When this run's cumulative counters began.
    let startNanos: UInt64

    /// `otlp+http://HOST:PORT[/PATH]` or `otlp+https://...`; the path defaults to `/v1/metrics`.
    package static let scheme = "otlp"

    /// `headers`: sent with every export (e.g. from `OTEL_EXPORTER_OTLP_METRICS_HEADERS`);
    /// `authorization`, when given, wins over theirs.
    package init?(
        target: String, authorization: String? = nil, headers: [(String, String)] = [], timeoutSeconds: Double = 5,
        startNanos: UInt64 = UInt64(Date().timeIntervalSince1970 * 1e9)
    ) {
        guard target.hasPrefix(Self.scheme + "+http://") || target.hasPrefix(Self.scheme + "+https://") else { return nil }
        let rest = target.dropFirst((Self.scheme + "+").count)
        guard var parsed = URLComponents(string: String(rest)), let host = parsed.host, !host.isEmpty else { return nil }
        if parsed.path.isEmpty || parsed.path == "/" { parsed.path = "/v1/metrics" }
        guard let url = parsed.string else { return nil }
        self.url = url
        var all = ["Content-Type": "application/x-protobuf", "User-Agent": "traceload"]
        for (name, value) in headers { all[name] = value }
        if let authorization { all["Authorization"] = authorization }
        self.headers = all
        self.timeoutSeconds = timeoutSeconds
        self.startNanos = startNanos
    }

    package func send(_ series: [WriteRequest.Series], first: Bool) async throws(MetricsRefused) {
        let request = OTLPMetricsRequest(
            series: series, startNanos: startNanos, resource: [("service.name", "traceload")])
        let answer = try await MetricsTarget.post(
            url, headers: headers, body: Data(request.serialized()), timeoutSeconds: timeoutSeconds,
            retryable: { [429, 502, 503, 504].contains($0) })
        if let rejected = OTLPMetricsRequest.rejected(in: Array(answer)) {
            throw MetricsRefused(
                description: "\(url) rejected \(rejected.points) data points (\(rejected.message))")
        }
    }
}
