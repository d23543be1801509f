import Foundation
import TraceContext

@testable import Traces

/// The Jaeger JSON reader traceload had before `JaegerJSONReader` (issue 35): `JSONSerialization`
/// and casts. Kept here, unchanged but for its name and visibility, as the reference the new
/// reader must agree with, span for span and problem for problem; not used outside the tests.
///
/// Reads Jaeger's query API v1 JSON: `{"data":[trace,...],"errors":...}` or a bare trace object.
/// Times are microseconds; the parent is the first CHILD_OF (else FOLLOWS_FROM) reference within
/// the same trace; the service comes from the span's process.
enum ReferenceJaegerJSON {
    struct Result: Sendable {
        var spans: [Span] = []
        var problems: [String] = []
    }

    static func parse(_ data: Data) throws -> Result {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TraceSourceError.malformed("not a JSON object")
        }
        var result = Result()
        if let errors = object["errors"] as? [[String: Any]], !errors.isEmpty {
            result.problems += errors.map { "Jaeger error \($0["code"] ?? "?"): \($0["msg"] ?? "?")" }
        }
        let traces: [[String: Any]]
        if let data = object["data"] as? [[String: Any]] {
            traces = data
        } else if object["spans"] != nil {
            traces = [object]
        } else {
            traces = []
        }
        for trace in traces {
            let processes = trace["processes"] as? [String: [String: Any]] ?? [:]
            var seen = Set<UInt64>()
            for raw in trace["spans"] as? [[String: Any]] ?? [] {
                do {
                    let span = try span(raw, processes: processes)
                    // Jaeger keeps duplicate span ids (clock-skew adjusted copies); keep the first.
                    guard seen.insert(span.spanID).inserted else {
                        result.problems.append("duplicate span id \(SpanID.hex(span.spanID)) in trace \(span.traceID)")
                        continue
                    }
                    result.spans.append(span)
                } catch {
                    result.problems.append("\(error)")
                }
            }
        }
        return result
    }

    static func span(_ raw: [String: Any], processes: [String: [String: Any]]) throws -> Span {
        guard let traceText = raw["traceID"] as? String, let traceID = TraceID(hex: traceText) else {
            throw TraceSourceError.malformed("span without a valid traceID")
        }
        guard let spanText = raw["spanID"] as? String, let spanID = SpanID.parse(spanText) else {
            throw TraceSourceError.malformed("span \(raw["operationName"] ?? "?") without a valid spanID")
        }
        let references = raw["references"] as? [[String: Any]] ?? []
        let sameTrace = references.filter { ($0["traceID"] as? String).flatMap { TraceID(hex: $0) } == traceID }
        let parentRef = sameTrace.first { $0["refType"] as? String == "CHILD_OF" } ?? sameTrace.first
        let parent =
            (parentRef?["spanID"] as? String).flatMap(SpanID.parse)
            ?? (raw["parentSpanID"] as? String).flatMap(SpanID.parse)
        guard let startMicros = micros(raw["startTime"]), let durationMicros = micros(raw["duration"]) else {
            throw TraceSourceError.malformed("span \(raw["operationName"] ?? "?") without startTime or duration")
        }
        let process = (raw["processID"] as? String).flatMap { processes[$0] } ?? raw["process"] as? [String: Any]
        let tags = raw["tags"] as? [[String: Any]] ?? []
        let kindTag = tags.first { $0["key"] as? String == "span.kind" }?["value"] as? String
        // Jaeger keeps the OpenTelemetry instrumentation scope as a tag.
        let scope =
            tags.first { ["otel.scope.name", "otel.library.name"].contains($0["key"] as? String) }?["value"] as? String
            ?? ""
        let kind: Span.Kind =
            switch kindTag {
            case "client": .client
            case "server": .server
            case "producer": .producer
            case "consumer": .consumer
            case "internal": .internal
            default: .unspecified
            }
        return Span(
            traceID: traceID, spanID: spanID, parentSpanID: parent == spanID ? nil : parent,
            name: raw["operationName"] as? String ?? "", service: process?["serviceName"] as? String ?? "unknown",
            scope: scope, kind: kind,
            startUnixNanos: startMicros * 1000, endUnixNanos: (startMicros + durationMicros) * 1000)
    }

    static func micros(_ value: Any?) -> UInt64? {
        if let number = value as? NSNumber { return number.uint64Value }
        if let text = value as? String { return UInt64(text) }
        return nil
    }
}
