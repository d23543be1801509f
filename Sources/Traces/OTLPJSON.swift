import Foundation
import TraceContext

/// Reads OTLP JSON: the OpenTelemetry Collector file-exporter format (one
/// `{"resourceSpans":[...]}` per line) and single OTLP/HTTP JSON bodies. Spec OTLP JSON uses hex
/// ids and integer enums; older or non-conforming producers use base64 ids, string enums or
/// `instrumentationLibrarySpans`, which are accepted too. `OTLPJSONReader` does the reading.
package enum OTLPJSON {
    package struct Result: Sendable {
        package var spans: [Span] = []
        /// Lines or spans that could not be read, with why (line numbers are 1-based).
        package var problems: [String] = []
    }

    /// A file of OTLP JSON lines, read in chunks: memory holds its spans, not its text.
    package static func readFile(_ path: String) throws -> Result {
        try readFile(path, chunkSize: FileChunks.defaultSize)
    }

    static func readFile(_ path: String, chunkSize: Int) throws -> Result {
        var lines = OTLPJSONLines()
        try FileChunks.stream(path, chunkSize: chunkSize) { bytes, isLast in lines.add(bytes, isLast: isLast) }
        return lines.result
    }

    package static func parseLines(_ data: Data) -> Result {
        var lines = OTLPJSONLines()
        _ = data.withUnsafeBytes { lines.add($0, isLast: true) }
        return lines.result
    }

    /// One `{"resourceSpans": [...]}` object.
    package static func parseDocument(_ data: Data) throws -> [Span] {
        var reader = OTLPJSONReader()
        var spans: [Span] = []
        try data.withUnsafeBytes { try reader.read($0, into: &spans) }
        return spans
    }

    // The readings of ids, times and kinds given as Foundation values: the reader hands them the
    // forms it does not read in place (base64 ids, signed or fractional numbers...).

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
}
