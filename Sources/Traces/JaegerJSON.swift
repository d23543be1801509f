import Foundation
import TraceContext

/// Reads Jaeger's query API v1 JSON: `{"data":[trace,...],"errors":...}` or a bare trace object.
/// Times are microseconds; the parent is the first CHILD_OF (else FOLLOWS_FROM) reference within
/// the same trace; the service comes from the span's process. `JaegerJSONReader` does the reading.
package enum JaegerJSON {
    package struct Result: Sendable {
        package var spans: [Span] = []
        package var problems: [String] = []
    }

    package static func parse(_ data: Data) throws -> Result {
        var reader = JaegerJSONReader()
        return try data.withUnsafeBytes { try reader.read($0) }
    }

    /// A bare list of traces, as the "data" of an answer.
    static func parseList(_ data: Data) throws -> Result {
        var reader = JaegerJSONReader()
        return try data.withUnsafeBytes { try reader.readList($0) }
    }

    /// Times given as Foundation values: the reader hands over the forms it does not read in
    /// place (fractions, signs...), so that they mean what they meant.
    static func micros(_ value: Any?) -> UInt64? {
        if let number = value as? NSNumber { return number.uint64Value }
        if let text = value as? String { return UInt64(text) }
        return nil
    }
}
