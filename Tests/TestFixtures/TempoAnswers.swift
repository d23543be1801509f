import Foundation
import Traces

/// Spans of a real capture re-encoded as Tempo writes its answers (checked against the recorded
/// answer in Fixtures/jaeger/tempo-v1-trace-by-id-batches.json): base64 trace and span ids,
/// kinds by name, `batches` (v1) or `{"trace": {"resourceSpans": ...}}` (v2). The spans are
/// Milvus's own, the envelope Tempo's.
package enum TempoAnswers {
    static let kinds = [
        "SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER",
        "SPAN_KIND_CONSUMER",
    ]

    package static func trace(_ spans: [Span], v2: Bool = false) throws -> Data {
        var resources: [Any] = []
        for line in OTLPJSONWriter.lines(spans).split(separator: "\n") {
            let document = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            for case var resource as [String: Any] in document["resourceSpans"] as! [Any] {
                resource["scopeSpans"] = (resource["scopeSpans"] as! [[String: Any]]).map { scope in
                    var scope = scope
                    scope["spans"] = (scope["spans"] as! [[String: Any]]).map(tempoSpan)
                    return scope
                }
                resources.append(resource)
            }
        }
        let body: [String: Any] = v2 ? ["trace": ["resourceSpans": resources]] : ["batches": resources]
        return try JSONSerialization.data(withJSONObject: body)
    }

    /// A v1 answer (`batches`) turned into v2's (`{"trace": {"resourceSpans": ...}}`).
    package static func v2(fromV1 data: Data) throws -> Data {
        let v1 = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        return try JSONSerialization.data(withJSONObject: ["trace": ["resourceSpans": v1["batches"]!]])
    }

    static func tempoSpan(_ span: [String: Any]) -> [String: Any] {
        var span = span
        for key in ["traceId", "spanId", "parentSpanId"] {
            if let hex = span[key] as? String { span[key] = base64(hex: hex) }
        }
        if let kind = span["kind"] as? Int { span["kind"] = kinds[kind] }
        return span
    }

    static func base64(hex: String) -> String {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return Data(bytes).base64EncodedString()
    }
}
