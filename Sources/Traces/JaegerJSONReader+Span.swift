import Foundation
import TraceContext

/// A Jaeger span object's fields, read in place in their usual forms; unusual ones go to the
/// readings `JaegerJSON` keeps from the Foundation reader, so that they mean what they meant.
extension JaegerJSONReader {
    /// What choosing a span's parent needs of one of its references.
    struct Reference {
        var traceID: TraceID?
        var isChildOf = false
        var spanID: UInt64?
    }

    typealias Process = (id: String?, service: String?)

    /// One span object (its service to be given from its process), or why it cannot be a span
    /// (the reference's wording).
    mutating func readSpan(
        _ scanner: inout JSONScanner
    ) throws(JSONScanner.SyntaxError) -> Result<(Span, Process), TraceSourceError> {
        var traceID: TraceID?
        var spanID: UInt64?
        var parentSpanID: UInt64?
        var name = ""
        /// The name's JSON text, for the messages (a name that is not a string is printed as Foundation would).
        var nameValue: Range<Int>?
        var start: UInt64?
        var duration: UInt64?
        var process: Process = (nil, nil)
        var kind = Span.Kind.unspecified
        var scope = ""
        references.removeAll(keepingCapacity: true)
        try scanner.enterObject()
        while let key = try scanner.nextKey() {
            if scanner.matches(key, "traceID") {
                traceID = try scanner.readStringOrSkip().flatMap { Self.traceID($0, in: scanner) }
            } else if scanner.matches(key, "spanID") {
                spanID = try scanner.readStringOrSkip().flatMap { Self.spanID($0, in: scanner) }
            } else if scanner.matches(key, "operationName") {
                let at = scanner.offset
                name = try scanner.readStringOrSkip().map { interner.string($0, in: scanner) } ?? ""
                nameValue = at..<scanner.offset
            } else if scanner.matches(key, "references") {
                try readReferences(&scanner)
            } else if scanner.matches(key, "parentSpanID") {
                parentSpanID = try scanner.readStringOrSkip().flatMap { Self.spanID($0, in: scanner) }
            } else if scanner.matches(key, "startTime") {
                start = try readMicros(&scanner)
            } else if scanner.matches(key, "duration") {
                duration = try readMicros(&scanner)
            } else if scanner.matches(key, "processID") {
                process.id = try scanner.readStringOrSkip().map { scanner.string($0) }
            } else if scanner.matches(key, "process") {
                if try scanner.peekKind() == .object {
                    process.service = try readServiceName(&scanner)
                } else {
                    process.service = nil
                    try scanner.skipValue()
                }
            } else if scanner.matches(key, "tags") {
                (kind, scope) = try readTags(&scanner)
            } else {
                try scanner.skipValue()
            }
        }
        guard let traceID else { return .failure(.malformed("span without a valid traceID")) }
        func named() -> String {
            guard let nameValue else { return "?" }
            let text = UnsafeRawBufferPointer(rebasing: scanner.bytes[nameValue])
            return JSONScanner.foundationValue(text).map { "\($0)" } ?? "?"
        }
        guard let spanID else { return .failure(.malformed("span \(named()) without a valid spanID")) }
        // The parent is the first CHILD_OF reference within the trace, else its first reference.
        let sameTrace = references.lazy.filter { $0.traceID == traceID }
        let parent = (sameTrace.first { $0.isChildOf } ?? sameTrace.first)?.spanID ?? parentSpanID
        guard let start, let duration else {
            return .failure(.malformed("span \(named()) without startTime or duration"))
        }
        // Microseconds to nanoseconds: a time past 2554 is not one.
        let (end, late) = start.addingReportingOverflow(duration)
        let (startNanos, startOverflow) = start.multipliedReportingOverflow(by: 1000)
        let (endNanos, endOverflow) = end.multipliedReportingOverflow(by: 1000)
        guard !late, !startOverflow, !endOverflow else {
            return .failure(.malformed("span \(named()) with a startTime or duration out of range"))
        }
        let span = Span(
            traceID: traceID, spanID: spanID, parentSpanID: parent == spanID ? nil : parent, name: name,
            service: "unknown", scope: scope, kind: kind, startUnixNanos: startNanos, endUnixNanos: endNanos)
        return .success((span, process))
    }

    /// A span's references, into `references`; none unless the list holds only objects.
    private mutating func readReferences(_ scanner: inout JSONScanner) throws(JSONScanner.SyntaxError) {
        references.removeAll(keepingCapacity: true)
        guard try scanner.peekKind() == .array else {
            try scanner.skipValue()
            return
        }
        var objects = true
        try scanner.enterArray()
        while try scanner.nextElement() {
            guard objects, try scanner.peekKind() == .object else {
                objects = false
                try scanner.skipValue()
                continue
            }
            var reference = Reference()
            try scanner.enterObject()
            while let key = try scanner.nextKey() {
                if scanner.matches(key, "traceID") {
                    reference.traceID = try scanner.readStringOrSkip().flatMap { Self.traceID($0, in: scanner) }
                } else if scanner.matches(key, "refType") {
                    reference.isChildOf = try scanner.readStringOrSkip().map { scanner.matches($0, "CHILD_OF") } ?? false
                } else if scanner.matches(key, "spanID") {
                    reference.spanID = try scanner.readStringOrSkip().flatMap { Self.spanID($0, in: scanner) }
                } else {
                    // The UI's downloads nest the referenced span here, whole.
                    try scanner.skipValue()
                }
            }
            references.append(reference)
        }
        if !objects { references.removeAll(keepingCapacity: true) }
    }

    /// The kind from the first `span.kind` tag, the scope from the first `otel.scope.name` (or
    /// `otel.library.name`) tag, where Jaeger keeps OpenTelemetry's instrumentation scope.
    private mutating func readTags(
        _ scanner: inout JSONScanner
    ) throws(JSONScanner.SyntaxError) -> (Span.Kind, String) {
        guard try scanner.peekKind() == .array else {
            try scanner.skipValue()
            return (.unspecified, "")
        }
        var kind: Span.Kind?
        var scope: String?
        var objects = true
        try scanner.enterArray()
        while try scanner.nextElement() {
            guard objects, try scanner.peekKind() == .object else {
                objects = false
                try scanner.skipValue()
                continue
            }
            var tag: JSONScanner.RawString?
            var value: JSONScanner.RawString?
            try scanner.enterObject()
            while let key = try scanner.nextKey() {
                if scanner.matches(key, "key") {
                    tag = try scanner.readStringOrSkip()
                } else if scanner.matches(key, "value") {
                    value = try scanner.readStringOrSkip()
                } else {
                    try scanner.skipValue()
                }
            }
            guard let tag else { continue }
            if kind == nil, scanner.matches(tag, "span.kind") {
                kind = value.map { Self.kind($0, in: scanner) } ?? .unspecified
            } else if scope == nil,
                scanner.matches(tag, "otel.scope.name") || scanner.matches(tag, "otel.library.name")
            {
                scope = value.map { interner.string($0, in: scanner) } ?? ""
            }
        }
        return objects ? (kind ?? .unspecified, scope ?? "") : (.unspecified, "")
    }

    private static func kind(_ value: JSONScanner.RawString, in scanner: JSONScanner) -> Span.Kind {
        if scanner.matches(value, "client") { return .client }
        if scanner.matches(value, "server") { return .server }
        if scanner.matches(value, "producer") { return .producer }
        if scanner.matches(value, "consumer") { return .consumer }
        if scanner.matches(value, "internal") { return .internal }
        return .unspecified
    }


    /// Microseconds, as numbers (or strings); nil if unreadable.
    private func readMicros(_ scanner: inout JSONScanner) throws(JSONScanner.SyntaxError) -> UInt64? {
        let at = scanner.offset
        switch try scanner.peekKind() {
        case .number:
            if let value = scanner.unsignedValue(try scanner.readNumber()) { return value }
        case .string:
            let text = try scanner.readString()
            if !text.hasEscapes, let value = JSONScanner.decimal(scanner.rawBytes(text)) { return value }
            return UInt64(scanner.string(text))
        default:
            try scanner.skipValue()
        }
        return JaegerJSON.micros(JSONScanner.foundationValue(scanner.bytes(from: at)))
    }

    /// Hex ids read in place; anything else goes to `TraceID(hex:)`, which decides.
    private static func traceID(_ text: JSONScanner.RawString, in scanner: JSONScanner) -> TraceID? {
        if !text.hasEscapes, let id = OTLPJSONReader.hexTraceID(scanner.rawBytes(text)) { return id }
        return TraceID(hex: scanner.string(text))
    }

    private static func spanID(_ text: JSONScanner.RawString, in scanner: JSONScanner) -> UInt64? {
        if !text.hasEscapes, text.count == 16, let value = OTLPJSONReader.hex64(scanner.rawBytes(text), at: 0) {
            return value
        }
        return SpanID.parse(scanner.string(text))
    }
}
