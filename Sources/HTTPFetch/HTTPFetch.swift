import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP request and its answer: the Jaeger and Tempo query APIs, Milvus's and Prometheus's
/// metrics, health checks and Prometheus remote write all go through here.
package enum HTTPFetch {
    package struct Answer: Sendable {
        package var status: Int
        package var body: Data
        package var text: String { String(decoding: body, as: UTF8.self) }
    }

    package enum Failure: Error, CustomStringConvertible, Equatable {
        case badURL(String)
        case timedOut(String, seconds: Double)
        case unreachable(String, reason: String)

        package var description: String {
            switch self {
            case .badURL(let url): "bad URL \(url)"
            case .timedOut(let url, let seconds):
                "\(url) did not answer within \(seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)) s"
            case .unreachable(let url, let reason): "\(url) unreachable: \(reason)"
            }
        }

        /// Nobody answered (as opposed to a URL that is wrong).
        package var isUnreachable: Bool {
            if case .badURL = self { return false }
            return true
        }
    }

    /// Sends the request and returns whatever status came back; throws only when no answer did.
    ///
    /// The request runs in a task of its own and is never cancelled mid-flight: FoundationNetworking
    /// (Linux) crashes when the task awaiting `data(for:)` is cancelled ("Trying to access a
    /// behaviour for a task that in not in the registry"), as the per-second metrics sampler was at
    /// each phase's end. A request ends on its own timeout instead.
    package static func request(
        _ url: String, method: String = "GET", headers: [String: String] = [:], body: Data? = nil,
        timeoutSeconds: Double = 10
    ) async throws(Failure) -> Answer {
        guard let target = URL(string: url), target.scheme != nil else { throw .badURL(url) }
        var request = URLRequest(url: target)
        request.httpMethod = method
        // FoundationNetworking (libcurl) counts whole seconds and truncates: 0.5 s would time out
        // at once, 1.5 s after one. Round up, so a request gets at least what was asked.
        request.timeoutInterval = max(1, timeoutSeconds.rounded(.up))
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        do {
            let (data, response) = try await Task.detached { try await URLSession.shared.data(for: request) }.value
            return Answer(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
        } catch let error as URLError where error.code == .timedOut {
            throw .timedOut(url, seconds: timeoutSeconds)
        } catch {
            throw .unreachable(url, reason: error.localizedDescription)
        }
    }

    /// The body of a 200 answer to a GET; nil on any failure (health checks).
    package static func text(_ url: String, timeoutSeconds: Double = 2) async -> String? {
        guard let answer = try? await request(url, timeoutSeconds: timeoutSeconds), answer.status == 200 else {
            return nil
        }
        return answer.text
    }
}
