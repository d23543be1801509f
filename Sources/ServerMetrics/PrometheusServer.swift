import Foundation


/// A Prometheus server that already scrapes the Milvus cluster, asked through its HTTP API.
///
/// A phase's stage figures are the difference of the raw counters at the phase's two edges, each
/// read once Prometheus has scraped Milvus after that edge: exact counts, the same as reading the
/// pods' pages directly. (`increase()` over the phase's window would extrapolate to the window's
/// edges and give fractional counts.)
package struct PrometheusServer: MetricsSource {
    package let baseURL: String
    /// Label matchers that pick this Milvus out of everything the server scrapes, e.g.
    /// `namespace="milvus",app_kubernetes_io_instance="my-release"`; empty: every series.
    package let selector: String
    package let timeoutSeconds: Double

    package init(baseURL: String, selector: String = "", timeoutSeconds: Double = 10) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.selector = selector.trimmingCharacters(in: CharacterSet(charactersIn: "{} "))
        self.timeoutSeconds = timeoutSeconds
    }

    package var description: String { "Prometheus at \(baseURL)" + (selector.isEmpty ? "" : " {\(selector)}") }

    /// `{__name__=~"(a|b)(_bucket|_sum|_count)?",SELECTOR}`.
    func selector(for families: Set<String>) -> String {
        let names = families.sorted().map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|")
        return "{__name__=~\"(\(names))(_bucket|_sum|_count)?\"" + (selector.isEmpty ? "" : ",\(selector)") + "}"
    }

    package func snapshot(_ families: Set<String>) async throws -> MetricsSnapshot {
        let now = Date()
        let result = try await query(selector(for: families), at: now)
        var snapshot = MetricsSnapshot(time: now)
        for series in result {
            guard let value = series.values.last?.1 else { continue }
            snapshot.values[series.key, default: 0] += value
        }
        return snapshot
    }

    /// Series every Milvus process exports, one of which tells when Prometheus last scraped it
    /// (timestamp() needs a single metric: it drops the name, and two metrics' series would clash).
    static let scrapeMarkers = ["milvus_num_node", "process_cpu_seconds_total"]

    /// Polls for the newest scrape of Milvus until it is later than `instant`.
    package func waitUntilCurrent(after instant: Date, limit: Duration) async -> String? {
        let clock = ContinuousClock()
        let start = clock.now
        let matchers = selector.isEmpty ? "" : "{\(selector)}"
        var lastProblem = "no Milvus series (\(Self.scrapeMarkers.joined(separator: ", ")))"
        while clock.now - start < limit && !Task.isCancelled {
            do {
                for marker in Self.scrapeMarkers {
                    guard
                        let seconds = try await query("min(timestamp(\(marker)\(matchers)))", at: Date()).first?.values
                            .last?.1
                    else { continue }
                    if seconds >= instant.timeIntervalSince1970 { return nil }
                    lastProblem =
                        "its last scrape of Milvus was \(Int(instant.timeIntervalSince1970 - seconds)) s before the phase edge"
                    break
                }
            } catch {
                lastProblem = "\(error)"
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
        return "\(description) had not scraped Milvus after the phase edge within \(limit): \(lastProblem)"
    }

    package var keepsHistory: Bool { true }

    package func history(_ families: Set<String>, from start: Date, to end: Date) async throws -> [MetricsSnapshot]? {
        let seconds = max(1, Int((end.timeIntervalSince(start)).rounded(.up)) + 1)
        let series = try await query(selector(for: families) + "[\(seconds)s]", at: end)
        // Every instant at which some series was scraped, and each series' latest value then.
        let instants = Set(series.flatMap { $0.values.map(\.0) }).sorted()
        return instants.map { instant in
            var snapshot = MetricsSnapshot(time: Date(timeIntervalSince1970: instant))
            for s in series {
                if let value = s.values.last(where: { $0.0 <= instant })?.1 {
                    snapshot.values[s.key, default: 0] += value
                }
            }
            return snapshot
        }
    }

    struct Series {
        var key: SeriesKey
        /// (Unix seconds, value), oldest first.
        var values: [(Double, Double)]
    }

    /// `GET /api/v1/query`: an instant vector (one value per series) or a range vector (a matrix).
    func query(_ expression: String, at time: Date) async throws -> [Series] {
        guard var components = URLComponents(string: baseURL + "/api/v1/query") else {
            throw MetricsError("not a Prometheus URL: \(baseURL)")
        }
        components.queryItems = [
            URLQueryItem(name: "query", value: expression),
            URLQueryItem(name: "time", value: String(format: "%.3f", time.timeIntervalSince1970)),
        ]
        // `+` in a query parameter would read as a space.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        guard let url = components.url else { throw MetricsError("cannot build a query URL for \(expression)") }
        let data = try await fetch(url, timeoutSeconds: timeoutSeconds)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw MetricsError("\(description) answered something that is not JSON")
        }
        guard object["status"] as? String == "success", let body = object["data"] as? [String: Any] else {
            throw MetricsError("\(description): \(object["error"] as? String ?? "query failed") (\(expression))")
        }
        return (body["result"] as? [[String: Any]] ?? []).map { item in
            var labels = item["metric"] as? [String: String] ?? [:]
            let name = labels.removeValue(forKey: "__name__") ?? ""
            let pairs = (item["values"] as? [[Any]]) ?? (item["value"] as? [Any]).map { [$0] } ?? []
            let values = pairs.compactMap { pair -> (Double, Double)? in
                guard pair.count == 2, let time = (pair[0] as? NSNumber)?.doubleValue,
                    let text = pair[1] as? String, let value = PrometheusText.parseValue(Substring(text))
                else { return nil }
                return (time, value)
            }
            return Series(key: SeriesKey(name: name, labels: labels), values: values)
        }
    }
}
