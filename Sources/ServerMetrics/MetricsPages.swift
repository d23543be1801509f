import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Milvus's own `/metrics` pages, one per pod (a standalone server has one), read directly and
/// added up.
public struct MetricsPages: MetricsSource {
    public let urls: [URL]
    public let timeoutSeconds: Double

    public init(urls: [String], timeoutSeconds: Double = 5) throws {
        self.urls = try urls.map { text in
            guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https" else {
                throw MetricsError("not an http(s) URL: \(text)")
            }
            return url
        }
        self.timeoutSeconds = timeoutSeconds
    }

    public var description: String { urls.map(\.absoluteString).joined(separator: ", ") }

    public func snapshot(_ families: Set<String>) async throws -> MetricsSnapshot {
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

    public func waitUntilCurrent(after instant: Date, limit: Duration) async -> String? { nil }

    public var keepsHistory: Bool { false }

    public func history(_ families: Set<String>, from start: Date, to end: Date) async throws -> [MetricsSnapshot]? {
        nil
    }
}
