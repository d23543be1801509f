import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where Milvus's metrics come from: its pods' pages read directly, or a Prometheus that scrapes
/// them. Two implementations, one reading of the figures.
public protocol MetricsSource: Sendable {
    /// For the report: "http://host:9091/metrics", "Prometheus at ...".
    var description: String { get }

    /// The current values of the series of `families` (a histogram's family name covers its
    /// `_bucket`, `_sum` and `_count` series).
    func snapshot(_ families: Set<String>) async throws -> MetricsSnapshot

    /// Waits until the source has seen Milvus as it is after `instant` (a Prometheus scrapes on
    /// its own schedule); a page read directly is always current. Returns a problem when it gave up.
    func waitUntilCurrent(after instant: Date, limit: Duration) async -> String?

    /// Whether `history` answers: a Prometheus keeps what it scraped; a page shows only the present,
    /// so its reader samples it itself.
    var keepsHistory: Bool { get }

    /// The samples of `families` taken between two instants, oldest first; nil without history.
    func history(_ families: Set<String>, from start: Date, to end: Date) async throws -> [MetricsSnapshot]?
}

public struct MetricsError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// GET `url`: the body of a 200 answer; anything else throws with why.
func fetch(_ url: URL, timeoutSeconds: Double) async throws -> Data {
    var request = URLRequest(url: url)
    request.timeoutInterval = timeoutSeconds
    let data: Data
    let response: URLResponse
    do {
        // In a task of its own: FoundationNetworking (Linux) crashes when the task awaiting
        // `data(for:)` is cancelled mid-request ("Trying to access a behaviour for a task that in
        // not in the registry"), as the per-second sampler was at each phase's end. The request
        // ends on its own timeout instead.
        (data, response) = try await Task.detached { try await URLSession.shared.data(for: request) }.value
    } catch {
        throw MetricsError("\(url.absoluteString) unreachable: \(error.localizedDescription)")
    }
    let status = (response as? HTTPURLResponse)?.statusCode ?? 0
    guard status == 200 else {
        throw MetricsError(
            "\(url.absoluteString) answered HTTP \(status): \(String(decoding: data.prefix(200), as: UTF8.self))")
    }
    return data
}
