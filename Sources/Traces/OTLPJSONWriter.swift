import Foundation
import TraceContext

/// Writes spans as OTLP JSON lines (the Collector file-exporter format that `OTLPJSON` reads),
/// one line per service, its spans grouped by instrumentation scope, so a run's traces can be
/// re-analysed or loaded into other tools.
package enum OTLPJSONWriter {
    package static func lines(_ spans: [Span]) -> String {
        var out = ""
        let byService = Dictionary(grouping: spans, by: \.service)
        for service in byService.keys.sorted() {
            let byScope = Dictionary(grouping: byService[service]!, by: \.scope)
            let scopes = byScope.keys.sorted().map { scope -> [String: Any] in
                ["scope": ["name": scope], "spans": byScope[scope]!.map(encode)]
            }
            let document: [String: Any] = [
                "resourceSpans": [
                    [
                        "resource": ["attributes": [["key": "service.name", "value": ["stringValue": service]]]],
                        "scopeSpans": scopes,
                    ]
                ]
            ]
            if let data = try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]) {
                out += String(decoding: data, as: UTF8.self) + "\n"
            }
        }
        return out
    }

    static func encode(_ span: Span) -> [String: Any] {
        var object: [String: Any] = [
            "traceId": span.traceID.description, "spanId": SpanID.hex(span.spanID), "name": span.name,
            "kind": span.kind.rawValue, "startTimeUnixNano": String(span.startUnixNanos),
            "endTimeUnixNano": String(span.endUnixNanos),
        ]
        if let parent = span.parentSpanID { object["parentSpanId"] = SpanID.hex(parent) }
        return object
    }
}
