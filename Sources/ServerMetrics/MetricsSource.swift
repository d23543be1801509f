import Foundation
import HTTPFetch

/// Where Milvus's metrics come from: its pods' pages read directly, or a Prometheus that scrapes
/// them. Two implementations, one reading of the figures.
package protocol MetricsSource: Sendable {
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

package struct MetricsError: Error, CustomStringConvertible, Equatable {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}

/// GET `url`: the body of a 200 answer; anything else throws with why.
func fetch(_ url: URL, timeoutSeconds: Double) async throws -> Data {
    let answer: HTTPFetch.Answer
    do {
        answer = try await HTTPFetch.request(url.absoluteString, timeoutSeconds: timeoutSeconds)
    } catch {
        throw MetricsError("\(error)")
    }
    guard answer.status == 200 else {
        throw MetricsError(
            "\(url.absoluteString) answered HTTP \(answer.status): \(String(decoding: answer.body.prefix(200), as: UTF8.self))")
    }
    return answer.body
}
