import Foundation
import HTTPFetch
import TraceContext

/// Server spans from Jaeger's query API: v1 (`/api/traces/{id}`, Jaeger 1.x and 2.x up to 2.20)
/// or v3 (`/api/v3/traces/{id}`, OTLP JSON, Jaeger ≥ 1.54). Spans reach Jaeger seconds after a
/// request, so traces are fetched in rounds with backoff until each has server spans and stops
/// growing, or a deadline passes.
package struct JaegerSource: TraceStore {
    package enum API: String, Sendable, Codable, CaseIterable { case auto, v1, v3 }

    package let baseURL: String
    package let api: API
    /// Sent as the Authorization header (e.g. "Bearer ..."); never logged.
    let authorization: String?
    package let concurrency: Int
    package let requestTimeout: Double

    package init(
        baseURL: String, api: API = .auto, authorization: String? = nil, concurrency: Int = 8,
        requestTimeout: Double = 10
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.api = api
        self.authorization = authorization
        self.concurrency = max(1, concurrency)
        self.requestTimeout = requestTimeout
    }

    /// v1 if `/api/services` answers (it is absent after Jaeger 2.20), else v3.
    package func resolvedAPI() async -> API {
        guard api == .auto else { return api }
        if case .ok? = try? await get("/api/services").status { return .v1 }
        return .v3
    }

    package var description: String { "Jaeger at \(baseURL)" }

    /// With `auto` resolved (once per collection, not per trace).
    package func prepared() async -> JaegerSource {
        JaegerSource(
            baseURL: baseURL, api: await resolvedAPI(), authorization: authorization, concurrency: concurrency,
            requestTimeout: requestTimeout)
    }

    package func fetch(_ id: TraceID) async -> TraceFetch { await fetch(id, api: api == .auto ? .v3 : api) }

    func fetch(_ id: TraceID, api: API) async -> TraceFetch {
        let path = api == .v3 ? "/api/v3/traces/\(id)" : "/api/traces/\(id)"
        do {
            let response = try await get(path)
            switch response.status {
            case .notFound: return .notFound
            case .failed(let code): return .failed("HTTP \(code) from \(path.prefix(16))…")
            case .ok:
                let spans =
                    api == .v3 ? try OTLPJSON.parseDocument(response.body) : try JaegerJSON.parse(response.body).spans
                return spans.isEmpty ? .notFound : .found(spans)
            }
        } catch {
            return .failed("\(error)")
        }
    }

    struct Response {
        enum Status {
            case ok, notFound
            case failed(Int)
        }
        var status: Status
        var body: Data
    }

    func get(_ path: String) async throws -> Response {
        let answer: HTTPFetch.Answer
        do {
            answer = try await HTTPFetch.request(
                baseURL + path, headers: authorization.map { ["Authorization": $0] } ?? [:],
                timeoutSeconds: requestTimeout)
        } catch .timedOut {
            throw TraceSourceError.unreachable(
                "Jaeger at \(baseURL) did not answer within \(fixedSeconds(requestTimeout)) s")
        } catch .badURL {
            throw TraceSourceError.unreadable("bad Jaeger URL \(baseURL)\(path)")
        } catch .unreachable(_, let reason) {
            throw TraceSourceError.unreachable("Jaeger at \(baseURL) unreachable: \(reason)")
        }
        switch answer.status {
        case 200: return Response(status: .ok, body: answer.body)
        case 404: return Response(status: .notFound, body: answer.body)
        default: return Response(status: .failed(answer.status), body: answer.body)
        }
    }
}

extension JaegerSource {
    /// Traces with spans of `service` between `start` and `end` (Jaeger's trace search; it has no
    /// pagination, so at most `limit` traces come back).
    package func search(service: String, start: Date, end: Date, limit: Int = 1000) async throws -> [Span] {
        let api = await resolvedAPI()
        let encoded = service.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? service
        let path: String
        if api == .v3 {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            path =
                "/api/v3/traces?query.service_name=\(encoded)&query.start_time_min=\(formatter.string(from: start))"
                + "&query.start_time_max=\(formatter.string(from: end))&query.search_depth=\(limit)"
        } else {
            path =
                "/api/traces?service=\(encoded)&start=\(Int64(start.timeIntervalSince1970 * 1e6))&end=\(Int64(end.timeIntervalSince1970 * 1e6))&limit=\(limit)"
        }
        let response = try await get(path)
        switch response.status {
        case .ok:
            if api == .v3 { return try OTLPJSON.parseDocument(response.body) }
            let parsed = try JaegerJSON.parse(response.body)
            if parsed.spans.isEmpty, let problem = parsed.problems.first { throw TraceSourceError.unreadable(problem) }
            return parsed.spans
        case .notFound:
            return []
        case .failed(let code):
            throw TraceSourceError.unreadable(
                "Jaeger answered HTTP \(code) to the trace search: \(String(decoding: response.body.prefix(200), as: UTF8.self))"
            )
        }
    }
}

private func fixedSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
}
