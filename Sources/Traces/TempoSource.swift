import Foundation
import HTTPFetch
import TraceContext

/// Server spans from Grafana Tempo's HTTP API: a trace by its id (`/api/traces/{id}`, whose
/// answer is `{"batches": [...]}` in v1 and `{"trace": {"resourceSpans": [...]}}` from
/// `/api/v2/traces/{id}`; ids in base64 or hex, kinds as names or numbers, both read), and a
/// TraceQL search over a time window (`/api/search`) for traffic traceload did not generate.
/// A multi-tenant Tempo gets its tenant as `X-Scope-OrgID`.
package struct TempoSource: TraceStore {
    package enum API: String, Sendable, CaseIterable { case v1, v2 }

    package let baseURL: String
    package let api: API
    let authorization: String?
    let tenant: String?
    package let concurrency: Int
    package let requestTimeout: Double

    package init(
        baseURL: String, api: API = .v1, authorization: String? = nil, tenant: String? = nil, concurrency: Int = 8,
        requestTimeout: Double = 10
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.api = api
        self.authorization = authorization
        self.tenant = tenant
        self.concurrency = max(1, concurrency)
        self.requestTimeout = requestTimeout
    }

    package var description: String { "Tempo at \(baseURL)" }

    package func prepared() async -> TempoSource { self }

    var headers: [String: String] {
        var headers = ["Accept": "application/json"]
        if let authorization { headers["Authorization"] = authorization }
        if let tenant { headers["X-Scope-OrgID"] = tenant }
        return headers
    }

    func get(_ path: String) async throws -> HTTPFetch.Answer {
        do {
            return try await HTTPFetch.request(baseURL + path, headers: headers, timeoutSeconds: requestTimeout)
        } catch .badURL {
            throw TraceSourceError.unreadable("Tempo: bad URL \(baseURL)\(path)")
        } catch {
            throw TraceSourceError.unreachable("Tempo: \(error)")
        }
    }

    package func fetch(_ id: TraceID) async -> TraceFetch {
        let path = api == .v2 ? "/api/v2/traces/\(id)" : "/api/traces/\(id)"
        do {
            let answer = try await get(path)
            switch answer.status {
            case 200:
                let spans = try Self.spans(answer.body)
                return spans.isEmpty ? .notFound : .found(spans)
            case 404: return .notFound
            default: return .failed("HTTP \(answer.status) from Tempo's \(path.prefix(20))…")
            }
        } catch {
            return .failed("\(error)")
        }
    }

    /// A trace answer of either version: v2 wraps the OTLP document in `trace`.
    static func spans(_ body: Data) throws -> [Span] {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let trace = object["trace"] {
            return try OTLPJSON.parseDocument(try JSONSerialization.data(withJSONObject: trace))
        }
        return try OTLPJSON.parseDocument(body)
    }

    /// TraceQL: the traces with spans of `service` in the window, each then fetched whole.
    package func search(service: String, start: Date, end: Date, limit: Int = 1000) async throws -> [Span] {
        let query = "{ resource.service.name = \"\(service)\" }"
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
        let path =
            "/api/search?q=\(encoded)&start=\(Int(start.timeIntervalSince1970))&end=\(Int(end.timeIntervalSince1970.rounded(.up)))&limit=\(limit)"
        let answer = try await get(path)
        guard answer.status == 200 else {
            throw TraceSourceError.unreadable(
                "Tempo answered HTTP \(answer.status) to the search: \(String(decoding: answer.body.prefix(200), as: UTF8.self))")
        }
        // Unknown fields are tolerated: only the ids are read.
        let object = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any]
        let ids = ((object?["traces"] as? [[String: Any]]) ?? []).compactMap { ($0["traceID"] as? String).flatMap(Self.traceID) }
        guard !ids.isEmpty else { return [] }
        var spans: [Span] = []
        for (_, fetched) in await fetchAll(ids) {
            if case .found(let found) = fetched { spans += found }
        }
        return spans
    }

    /// Tempo writes trace ids in hex, without leading zeros at times.
    static func traceID(_ text: String) -> TraceID? {
        TraceID(hex: String(repeating: "0", count: max(0, 32 - text.count)) + text)
    }
}
