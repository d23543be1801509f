import Foundation

/// Reads a file of spans in whichever form it came: OTLP JSON lines (the Collector's file
/// exporter, traceload's spans.jsonl), one OTLP JSON document (an OTLP/HTTP body, pretty-printed or
/// not), Jaeger's query API v1 JSON (also what Jaeger UI's "Download JSON" saves), or a Jaeger API
/// v3 answer.
package enum TraceFile {
    package static func read(_ path: String) throws -> OTLPJSON.Result {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TraceSourceError.unreadable("cannot read \(path)")
        }
        return try parse(data, name: path)
    }

    package static func parse(_ data: Data, name: String = "input") throws -> OTLPJSON.Result {
        // A whole-file JSON document is one of the single-document forms; otherwise JSON lines.
        if let object = try? JSONSerialization.jsonObject(with: data) {
            if let dictionary = object as? [String: Any],
                dictionary["resourceSpans"] != nil || dictionary["result"] != nil
                    || dictionary["batches"] != nil
            {
                return OTLPJSON.Result(spans: try OTLPJSON.parseDocument(data), problems: [])
            }
            if let dictionary = object as? [String: Any], dictionary["data"] != nil || dictionary["spans"] != nil {
                let result = try JaegerJSON.parse(data)
                return OTLPJSON.Result(spans: result.spans, problems: result.problems)
            }
            if let array = object as? [Any] {
                // A bare list of Jaeger traces.
                let wrapped = try JSONSerialization.data(withJSONObject: ["data": array])
                let result = try JaegerJSON.parse(wrapped)
                return OTLPJSON.Result(spans: result.spans, problems: result.problems)
            }
        }
        let result = OTLPJSON.parseLines(data)
        if result.spans.isEmpty, let problem = result.problems.first {
            throw TraceSourceError.malformed(
                "\(name) is neither OTLP JSON (lines or one document) nor Jaeger JSON: \(problem)")
        }
        return result
    }
}
