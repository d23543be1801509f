import Foundation
import TraceContext

/// A span object's fields, each read in place in its usual form (hex ids, decimal times, integer
/// kinds); the unusual forms go to the readings `OTLPJSON` keeps from the Foundation reader, so
/// that they mean what they meant.
extension OTLPJSONReader {
    /// One span object, or why it cannot be a span (the reference's wording).
    mutating func readSpan(
        _ scanner: inout JSONScanner, service: String, scope: String
    ) throws(JSONScanner.SyntaxError) -> Result<Span, TraceSourceError> {
        var traceID: TraceID?
        var spanID: UInt64?
        var parentSpanID: UInt64?
        var name = ""
        /// The name's JSON text, for the messages (a name that is not a string is printed as Foundation would).
        var nameValue: Range<Int>?
        var kind = Span.Kind.unspecified
        // proto3 JSON omits zero values, so an absent time is 0, not an error.
        var start: UInt64? = 0
        var end: UInt64? = 0
        try scanner.enterObject()
        while let key = try scanner.nextKey() {
            if scanner.matches(key, "traceId") {
                traceID = try scanner.readStringOrSkip().flatMap { Self.traceID($0, in: scanner) }
            } else if scanner.matches(key, "spanId") {
                spanID = try scanner.readStringOrSkip().flatMap { Self.spanID($0, in: scanner) }
            } else if scanner.matches(key, "parentSpanId") {
                parentSpanID = try scanner.readStringOrSkip().flatMap { $0.count == 0 ? nil : Self.spanID($0, in: scanner) }
            } else if scanner.matches(key, "name") {
                let at = scanner.offset
                if try scanner.peekKind() == .string {
                    name = interner.string(try scanner.readString(), in: scanner)
                } else {
                    name = ""
                    try scanner.skipValue()
                }
                nameValue = at..<scanner.offset
            } else if scanner.matches(key, "kind") {
                kind = try readKind(&scanner)
            } else if scanner.matches(key, "startTimeUnixNano") {
                start = try readNanos(&scanner)
            } else if scanner.matches(key, "endTimeUnixNano") {
                end = try readNanos(&scanner)
            } else {
                try scanner.skipValue()
            }
        }
        guard let traceID else { return .failure(.malformed("span without a valid traceId")) }
        func named() -> String {
            guard let nameValue else { return "?" }
            let text = UnsafeRawBufferPointer(rebasing: scanner.bytes[nameValue])
            return JSONScanner.foundationValue(text).map { "\($0)" } ?? "?"
        }
        guard let spanID else { return .failure(.malformed("span \(named()) without a valid spanId")) }
        guard let start, let end else {
            return .failure(.malformed("span \(named()) with an unreadable start or end time"))
        }
        return .success(
            Span(
                traceID: traceID, spanID: spanID, parentSpanID: parentSpanID, name: name, service: service,
                scope: scope, kind: kind, startUnixNanos: start, endUnixNanos: end))
    }


    /// Spec OTLP JSON gives the kind as an integer; older producers as "SPAN_KIND_SERVER" and so on.
    func readKind(_ scanner: inout JSONScanner) throws(JSONScanner.SyntaxError) -> Span.Kind {
        let at = scanner.offset
        switch try scanner.peekKind() {
        case .number:
            let number = try scanner.readNumber()
            if let value = scanner.unsignedValue(number) {
                return value <= 5 ? Span.Kind(rawValue: Int(value)) ?? .unspecified : .unspecified
            }
        case .string:
            let text = try scanner.readString()
            if scanner.matches(text, "SPAN_KIND_SERVER") { return .server }
            if scanner.matches(text, "SPAN_KIND_CLIENT") { return .client }
            if scanner.matches(text, "SPAN_KIND_INTERNAL") { return .internal }
            return OTLPJSON.kind(scanner.string(text))
        default:
            try scanner.skipValue()
        }
        // Negative, fractional, huge, true...: whatever the Foundation reader made of it.
        return OTLPJSON.kind(JSONScanner.foundationValue(scanner.bytes(from: at)))
    }

    /// Times are strings (spec: 64-bit integers are strings in JSON) or numbers; nil if unreadable.
    func readNanos(_ scanner: inout JSONScanner) throws(JSONScanner.SyntaxError) -> UInt64? {
        let at = scanner.offset
        switch try scanner.peekKind() {
        case .string:
            let text = try scanner.readString()
            if !text.hasEscapes, let value = JSONScanner.decimal(scanner.rawBytes(text)) { return value }
            return UInt64(scanner.string(text))
        case .number:
            if let value = scanner.unsignedValue(try scanner.readNumber()) { return value }
        default:
            try scanner.skipValue()
        }
        // Fractions, exponents, null, true...: whatever the Foundation reader made of them.
        return OTLPJSON.nanos(JSONScanner.foundationValue(scanner.bytes(from: at)))
    }

    /// Hex ids (32 or 16 digits) read in place; anything else (base64, a sign) goes to the
    /// reference's parsing, which decides.
    static func traceID(_ text: JSONScanner.RawString, in scanner: JSONScanner) -> TraceID? {
        if !text.hasEscapes, let id = hexTraceID(scanner.rawBytes(text)) { return id }
        return OTLPJSON.traceID(scanner.string(text))
    }

    /// 32 hex digits, or 16 (Jaeger shortens 64-bit ids), as `TraceID(hex:)` reads them; nil otherwise.
    static func hexTraceID(_ bytes: UnsafeRawBufferPointer) -> TraceID? {
        if bytes.count == 32, let high = hex64(bytes, at: 0), let low = hex64(bytes, at: 16) {
            return TraceID(high: high, low: low)
        }
        if bytes.count == 16, let low = hex64(bytes, at: 0) { return TraceID(high: 0, low: low) }
        return nil
    }

    static func spanID(_ text: JSONScanner.RawString, in scanner: JSONScanner) -> UInt64? {
        if !text.hasEscapes, text.count == 16, let value = hex64(scanner.rawBytes(text), at: 0) { return value }
        return OTLPJSON.spanID(scanner.string(text))
    }

    static func hex64(_ bytes: UnsafeRawBufferPointer, at start: Int) -> UInt64? {
        var value: UInt64 = 0
        for index in start..<start + 16 {
            guard let digit = JSONScanner.hexDigit(bytes[index]) else { return nil }
            value = value << 4 | UInt64(digit)
        }
        return value
    }

}
