import TraceContext

/// The spans of an OTLP `ExportTraceServiceRequest`, read straight from its protobuf bytes: what
/// SwiftProtobuf's message gives, without making the message. Attributes, events, links and status
/// (most of a real exporter's bytes) are skipped unread, and names are interned, which is what lets
/// one receiver keep up with many exporters (BENCHMARKS.md, "The receiver").
///
/// Same spans and rejected count as the message's (`Span.from`, its reference in the tests) for
/// every request SwiftProtobuf decodes; the same protobuf rules where it reads (last value wins, a
/// field of another wire type is an unknown field, merged repeats of the resource and scope). What
/// it does not check that SwiftProtobuf does: the inside of skipped fields (an attribute's invalid
/// UTF-8 or truncated value), so it accepts a few requests SwiftProtobuf refuses, never the reverse.
package enum OTLPSpanDecoder {
    /// Throws on bytes that are not a protobuf message (truncated, malformed, a kept name that is
    /// not UTF-8).
    package static func decode(_ bytes: UnsafeRawBufferPointer, strings: SharedStrings) throws -> (
        spans: [Span], rejected: Int
    ) {
        var decoding = Decoding(strings: strings.copy())
        // A real exporter's span takes 100 to 300 bytes: room for all of them at once, rather than
        // a copy and fresh pages each time a large batch's array grows (two fifths of the decoding's
        // time went to the kernel that way; a large batch's unused room is address space only).
        decoding.spans.reserveCapacity(bytes.count / 64)
        let known = decoding.strings.count
        try decoding.request(bytes)
        if decoding.strings.count > known { strings.adopt(decoding.strings) }
        return (decoding.spans, decoding.rejected)
    }

    package static func decode(_ bytes: [UInt8], strings: SharedStrings) throws -> (spans: [Span], rejected: Int) {
        try bytes.withUnsafeBytes { try decode($0, strings: strings) }
    }

    typealias Reader = ProtobufWireReader
    typealias Failure = ProtobufWireReader.Failure

    /// One request's decoding: the message nesting of trace.proto, a method per message.
    struct Decoding {
        var strings: StringInterner
        var spans: [Span] = []
        var rejected = 0

        /// ExportTraceServiceRequest: resource_spans = 1.
        mutating func request(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
            var reader = Reader(bytes)
            while let field = try reader.nextField() {
                if field.number == 1 && field.wireType == .lengthDelimited {
                    try resourceSpans(reader.lengthDelimited())
                } else {
                    try reader.skip(field.wireType, number: field.number)
                }
            }
        }

        /// ResourceSpans: resource = 1, scope_spans = 2. The resource may follow its spans, so
        /// its service name is read first.
        mutating func resourceSpans(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
            var serviceBytes: UnsafeRawBufferPointer?
            var reader = Reader(bytes)
            while let field = try reader.nextField() {
                if field.number == 1 && field.wireType == .lengthDelimited {
                    // Repeated resources merge: their attributes are one list, the first
                    // service.name wins.
                    let found = try Self.serviceName(inResource: reader.lengthDelimited())
                    if serviceBytes == nil { serviceBytes = found }
                } else {
                    try reader.skip(field.wireType, number: field.number)
                }
            }
            var service = "unknown"
            if let serviceBytes { service = try string(serviceBytes) }
            reader = Reader(bytes)
            while let field = try reader.nextField() {
                if field.number == 2 && field.wireType == .lengthDelimited {
                    try scopeSpans(reader.lengthDelimited(), service: service)
                } else {
                    try reader.skip(field.wireType, number: field.number)
                }
            }
        }

        /// ScopeSpans: scope = 1, spans = 2; the scope may follow its spans too.
        mutating func scopeSpans(_ bytes: UnsafeRawBufferPointer, service: String) throws(Failure) {
            var nameBytes = UnsafeRawBufferPointer(start: nil, count: 0)
            var reader = Reader(bytes)
            while let field = try reader.nextField() {
                if field.number == 1 && field.wireType == .lengthDelimited {
                    // InstrumentationScope: name = 1 (repeated scopes merge: the last name wins).
                    var scope = Reader(try reader.lengthDelimited())
                    while let inner = try scope.nextField() {
                        if inner.number == 1 && inner.wireType == .lengthDelimited {
                            nameBytes = try scope.lengthDelimited()
                        } else {
                            try scope.skip(inner.wireType, number: inner.number)
                        }
                    }
                } else {
                    try reader.skip(field.wireType, number: field.number)
                }
            }
            let scope = try string(nameBytes)
            reader = Reader(bytes)
            while let field = try reader.nextField() {
                if field.number == 2 && field.wireType == .lengthDelimited {
                    try span(reader.lengthDelimited(), service: service, scope: scope)
                } else {
                    try reader.skip(field.wireType, number: field.number)
                }
            }
        }

        /// Span: trace_id = 1, span_id = 2, parent_span_id = 4, name = 5, kind = 6,
        /// start_time_unix_nano = 7, end_time_unix_nano = 8; the rest is skipped.
        mutating func span(_ bytes: UnsafeRawBufferPointer, service: String, scope: String) throws(Failure) {
            let empty = UnsafeRawBufferPointer(start: nil, count: 0)
            var traceID = empty
            var spanID = empty
            var parentID = empty
            var nameBytes = empty
            var kind = 0
            var start: UInt64 = 0
            var end: UInt64 = 0
            var reader = Reader(bytes)
            while let field = try reader.nextField() {
                switch (field.number, field.wireType) {
                case (1, .lengthDelimited): traceID = try reader.lengthDelimited()
                case (2, .lengthDelimited): spanID = try reader.lengthDelimited()
                case (4, .lengthDelimited): parentID = try reader.lengthDelimited()
                case (5, .lengthDelimited): nameBytes = try reader.lengthDelimited()
                // An enum is an int32: SwiftProtobuf keeps the low 32 bits of the varint.
                case (6, .varint): kind = Int(Int32(truncatingIfNeeded: try reader.varint()))
                case (7, .fixed64): start = try reader.fixed64()
                case (8, .fixed64): end = try reader.fixed64()
                default: try reader.skip(field.wireType, number: field.number)
                }
            }
            // A name that is not UTF-8 fails the request (as in SwiftProtobuf), whatever the ids.
            let name = try string(nameBytes)
            guard traceID.count == 16, spanID.count == 8 else {
                rejected += 1
                return
            }
            spans.append(
                Span(
                    traceID: TraceID(high: Self.bigEndian(traceID, at: 0), low: Self.bigEndian(traceID, at: 8)),
                    spanID: Self.bigEndian(spanID, at: 0),
                    parentSpanID: parentID.count == 8 ? Self.bigEndian(parentID, at: 0) : nil,
                    name: name, service: service, scope: scope, kind: Span.Kind(rawValue: kind) ?? .unspecified,
                    startUnixNanos: start, endUnixNanos: end))
        }

        mutating func string(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> String {
            if bytes.isEmpty { return "" }
            guard let string = strings.string(bytes) else { throw .invalidUTF8 }
            return string
        }

        static func bigEndian(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
            UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }

        /// Resource: attributes = 1. The first `service.name` attribute's string value ("" if
        /// it holds another type); nil without one.
        static func serviceName(inResource bytes: UnsafeRawBufferPointer) throws(Failure) -> UnsafeRawBufferPointer? {
            var reader = Reader(bytes)
            var found: UnsafeRawBufferPointer?
            while let field = try reader.nextField() {
                guard field.number == 1 && field.wireType == .lengthDelimited else {
                    try reader.skip(field.wireType, number: field.number)
                    continue
                }
                let (key, value) = try keyValue(reader.lengthDelimited())
                if found == nil && key.elementsEqual("service.name".utf8) {
                    found = value ?? UnsafeRawBufferPointer(start: nil, count: 0)
                }
            }
            return found
        }

        /// KeyValue: key = 1, value = 2 (AnyValue). The key, and the value's string if the value
        /// holds one: AnyValue's fields are a oneof, so the last of them decides its type, across
        /// repeated (merged) values too.
        static func keyValue(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> (
            key: UnsafeRawBufferPointer, string: UnsafeRawBufferPointer?
        ) {
            var key = UnsafeRawBufferPointer(start: nil, count: 0)
            var string: UnsafeRawBufferPointer?
            var reader = Reader(bytes)
            while let field = try reader.nextField() {
                switch (field.number, field.wireType) {
                case (1, .lengthDelimited): key = try reader.lengthDelimited()
                case (2, .lengthDelimited):
                    var value = Reader(try reader.lengthDelimited())
                    while let inner = try value.nextField() {
                        // string_value = 1; bool = 2, int = 3 (varints), double = 4 (fixed64),
                        // array = 5, kvlist = 6, bytes = 7 (length-delimited).
                        switch (inner.number, inner.wireType) {
                        case (1, .lengthDelimited): string = try value.lengthDelimited()
                        case (2, .varint), (3, .varint), (4, .fixed64), (5, .lengthDelimited), (6, .lengthDelimited),
                            (7, .lengthDelimited):
                            string = nil
                            try value.skip(inner.wireType, number: inner.number)
                        default: try value.skip(inner.wireType, number: inner.number)
                        }
                    }
                default: try reader.skip(field.wireType, number: field.number)
                }
            }
            return (key, string)
        }
    }
}
