import Foundation
import TraceContext

@testable import Traces

/// The OTLP JSON reader traceload had before `OTLPJSONReader` (issue 35): `JSONSerialization`
/// and casts, a `[String: Any]` tree per line. Kept here, unchanged but for its name, as the
/// reference the new reader must agree with, span for span; not used outside the tests.
enum ReferenceOTLPJSON {
    static func readFile(_ path: String) throws -> OTLPJSON.Result {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TraceSourceError.unreadable("cannot read \(path)")
        }
        return parseLines(data)
    }

    static func parseLines(_ data: Data) -> OTLPJSON.Result {
        var result = OTLPJSON.Result()
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }) {
                continue
            }
            do {
                result.spans += try parseDocument(Data(line))
            } catch {
                result.problems.append("line \(lineNumber): \(error)")
            }
        }
        return result
    }

    /// One `{"resourceSpans": [...]}` object.
    static func parseDocument(_ data: Data) throws -> [Span] {
        guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TraceSourceError.malformed("not a JSON object")
        }
        // Jaeger's API v3 wraps the OTLP document in "result".
        if let result = object["result"] as? [String: Any] { object = result }
        let resourceSpans = (object["resourceSpans"] ?? object["batches"]) as? [[String: Any]] ?? []
        var spans: [Span] = []
        for resourceSpan in resourceSpans {
            let resource = resourceSpan["resource"] as? [String: Any]
            let service = attributes(resource?["attributes"])["service.name"] ?? "unknown"
            let scopes =
                (resourceSpan["scopeSpans"] ?? resourceSpan["instrumentationLibrarySpans"]) as? [[String: Any]] ?? []
            for scope in scopes {
                let name =
                    ((scope["scope"] ?? scope["instrumentationLibrary"]) as? [String: Any])?["name"] as? String ?? ""
                for raw in scope["spans"] as? [[String: Any]] ?? [] {
                    spans.append(try span(raw, service: service, scope: name))
                }
            }
        }
        return spans
    }

    static func span(_ raw: [String: Any], service: String, scope: String) throws -> Span {
        guard let traceID = (raw["traceId"] as? String).flatMap(traceID) else {
            throw TraceSourceError.malformed("span without a valid traceId")
        }
        guard let id = (raw["spanId"] as? String).flatMap(spanID) else {
            throw TraceSourceError.malformed("span \(raw["name"] ?? "?") without a valid spanId")
        }
        let parent = (raw["parentSpanId"] as? String).flatMap { $0.isEmpty ? nil : spanID($0) }
        // proto3 JSON omits zero values, so an absent time is 0, not an error.
        guard let start = nanos(raw["startTimeUnixNano"] ?? "0"), let end = nanos(raw["endTimeUnixNano"] ?? "0") else {
            throw TraceSourceError.malformed("span \(raw["name"] ?? "?") with an unreadable start or end time")
        }
        return Span(
            traceID: traceID, spanID: id, parentSpanID: parent, name: raw["name"] as? String ?? "",
            service: service, scope: scope, kind: kind(raw["kind"]), startUnixNanos: start, endUnixNanos: end)
    }

    static func traceID(_ text: String) -> TraceID? {
        TraceID(hex: text) ?? Data(base64Encoded: text).flatMap { TraceID(bytes: Array($0)) }
    }

    static func spanID(_ text: String) -> UInt64? {
        SpanID.parse(text) ?? Data(base64Encoded: text).flatMap { SpanID.value(Array($0)) }
    }

    /// Times come as strings (spec: 64-bit integers are strings in JSON) or numbers.
    static func nanos(_ value: Any?) -> UInt64? {
        if let text = value as? String { return UInt64(text) }
        if let number = value as? NSNumber { return number.uint64Value }
        return nil
    }

    static func kind(_ value: Any?) -> Span.Kind {
        if let number = value as? Int { return Span.Kind(rawValue: number) ?? .unspecified }
        switch (value as? String)?.uppercased() {
        case "SPAN_KIND_INTERNAL": return .internal
        case "SPAN_KIND_SERVER": return .server
        case "SPAN_KIND_CLIENT": return .client
        case "SPAN_KIND_PRODUCER": return .producer
        case "SPAN_KIND_CONSUMER": return .consumer
        default: return .unspecified
        }
    }

    static func attributes(_ value: Any?) -> [String: String] {
        var out: [String: String] = [:]
        for attribute in value as? [[String: Any]] ?? [] {
            guard let key = attribute["key"] as? String, let value = attribute["value"] as? [String: Any] else {
                continue
            }
            if let text = value["stringValue"] as? String { out[key] = text }
        }
        return out
    }
}
