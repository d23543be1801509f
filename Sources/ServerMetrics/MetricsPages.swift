import Foundation


/// Milvus's own `/metrics` pages, one per pod (a standalone server has one), read directly and
/// added up.
package struct MetricsPages: MetricsSource {
    package let urls: [URL]
    package let timeoutSeconds: Double

    package init(urls: [String], timeoutSeconds: Double = 5) throws {
        self.urls = try urls.map { text in
            guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https" else {
                throw MetricsError("not an http(s) URL: \(text)")
            }
            return url
        }
        self.timeoutSeconds = timeoutSeconds
    }

    package var description: String { urls.map(\.absoluteString).joined(separator: ", ") }

    package func snapshot(_ families: Set<String>) async throws -> MetricsSnapshot {
        var snapshot = MetricsSnapshot()
        try await withThrowingTaskGroup(of: [PrometheusSample].self) { group in
            for url in urls {
                group.addTask {
                    let text = String(decoding: try await fetch(url, timeoutSeconds: timeoutSeconds), as: UTF8.self)
                    return PrometheusText.parse(text, families: families)
                }
            }
            for try await samples in group { snapshot.add(samples) }
        }
        snapshot.time = Date()
        return snapshot
    }

    package func waitUntilCurrent(after instant: Date, limit: Duration) async -> String? { nil }

    package var keepsHistory: Bool { false }

    package func history(_ families: Set<String>, from start: Date, to end: Date) async throws -> [MetricsSnapshot]? {
        nil
    }
}
