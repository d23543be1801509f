import Foundation

/// Writes spans as OTLP JSON lines (the Collector file-exporter format that `OTLPJSON` reads),
/// one line per service, so a run's traces can be re-analysed or loaded into other tools.
public enum OTLPJSONWriter {
    public static func lines(_ spans: [Span]) -> String {
        var out = ""
        let byService = Dictionary(grouping: spans, by: \.service)
        for service in byService.keys.sorted() {
            let encoded = byService[service]!.map { span -> [String: Any] in
                var object: [String: Any] = [
                    "traceId": span.traceID.description, "spanId": SpanID.hex(span.spanID), "name": span.name,
                    "kind": span.kind.rawValue, "startTimeUnixNano": String(span.startUnixNanos), "endTimeUnixNano": String(span.endUnixNanos),
                ]
                if let parent = span.parentSpanID { object["parentSpanId"] = SpanID.hex(parent) }
                return object
            }
            let document: [String: Any] = ["resourceSpans": [[
                "resource": ["attributes": [["key": "service.name", "value": ["stringValue": service]]]],
                "scopeSpans": [["scope": ["name": "traceload"], "spans": encoded]],
            ]]]
            if let data = try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]) {
                out += String(decoding: data, as: UTF8.self) + "\n"
            }
        }
        return out
    }
}
