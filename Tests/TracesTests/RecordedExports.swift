import Foundation
import OTLPProto
import SwiftProtobuf
import TestFixtures

/// The export requests a real Milvus 2.3.5 sent, as the protobuf it sent them in.
enum RecordedExports {
    /// Every export request a real Milvus 2.3.5 sent (the recorded fixtures, with their
    /// attributes and events), as protobuf.
    static func requests() throws -> [[UInt8]] {
        let files = [
            "milvus-2.3.5/server-fraction-1.jsonl", "milvus-2.3.5/server-fraction-0-client-0.5.jsonl",
            "milvus-2.3.5/client-flags-03-not-joined.jsonl", "milvus-2.3.5/search-under-load/spans.jsonl",
        ]
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = true
        var requests: [[UInt8]] = []
        for file in files {
            let text = try String(contentsOfFile: Fixtures.path(file), encoding: .utf8)
            for line in text.split(separator: "\n") where !line.isEmpty {
                let json = try JSONSerialization.data(withJSONObject: base64IDs(try JSONSerialization.jsonObject(
                    with: Data(line.utf8))))
                requests.append(
                    try Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest(
                        jsonUTF8Data: json, options: options
                    ).serializedBytes())
            }
        }
        return requests
    }

    /// OTLP JSON writes ids in hex; protobuf's JSON mapping wants base64 for bytes fields.
    static func base64IDs(_ value: Any) -> Any {
        if let list = value as? [Any] { return list.map(base64IDs) }
        guard var object = value as? [String: Any] else { return value }
        for (key, inner) in object {
            if ["traceId", "spanId", "parentSpanId"].contains(key), let hex = inner as? String {
                object[key] = Data(hexBytes(hex)).base64EncodedString()
            } else {
                object[key] = base64IDs(inner)
            }
        }
        return object
    }

    static func hexBytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).map {
            UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
        }
    }
}
