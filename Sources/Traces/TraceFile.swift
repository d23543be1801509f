import Foundation

/// Reads a file of spans in whichever form it came: OTLP JSON lines (the Collector's file
/// exporter, traceload's spans.jsonl), one OTLP JSON document (an OTLP/HTTP body, pretty-printed or
/// not), Jaeger's query API v1 JSON (also what Jaeger UI's "Download JSON" saves), or a Jaeger API
/// v3 answer.
package enum TraceFile {
    /// What a JSON text is, as far as choosing its reader goes.
    enum Shape: Equatable {
        /// An object holding `resourceSpans`, `result` or `batches`.
        case otlp
        /// An object holding `data` or `spans` (and none of the above).
        case jaeger
        /// A list: of Jaeger traces.
        case list
        /// Any other JSON value.
        case other
        /// Not one JSON value; `atEnd`: it may be the start of one (the text ended first).
        case invalid(atEnd: Bool)
    }

    package static func read(_ path: String) throws -> OTLPJSON.Result {
        try read(path, chunkSize: FileChunks.defaultSize)
    }

    /// The form is decided from the first line that is not blank, so that JSON lines, the form
    /// large files come in, are read a chunk at a time; the single-document forms are read whole.
    static func read(_ path: String, chunkSize: Int) throws -> OTLPJSON.Result {
        let first = try firstLineShape(path, chunkSize: chunkSize)
        switch first {
        case .otlp, .other, .invalid(atEnd: false):
            // JSON lines, or not JSON at all (then the lines say why): as `parse` would have it,
            // since a complete first line followed by more is not one document.
            var lines = OTLPJSONLines()
            try FileChunks.stream(path, chunkSize: chunkSize) { bytes, isLast in lines.add(bytes, isLast: isLast) }
            // A file of one OTLP object is one document, whose errors are its own.
            if first == .otlp, lines.filledLines == 1, let failure = lines.firstLineFailure { throw failure }
            return try checked(lines.result, name: path)
        case .jaeger, .list, .invalid(atEnd: true):
            // Jaeger's forms, and a document that goes on past its first line (pretty-printed).
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TraceSourceError.unreadable("cannot read \(path)")
            }
            return try parse(data, name: path)
        }
    }

    package static func parse(_ data: Data, name: String = "input") throws -> OTLPJSON.Result {
        // A whole-file JSON document is one of the single-document forms; otherwise JSON lines.
        switch data.withUnsafeBytes({ shape(of: $0) }) {
        case .otlp:
            return OTLPJSON.Result(spans: try OTLPJSON.parseDocument(data), problems: [])
        case .jaeger:
            let result = try JaegerJSON.parse(data)
            return OTLPJSON.Result(spans: result.spans, problems: result.problems)
        case .list:
            // A bare list of Jaeger traces.
            let result = try JaegerJSON.parseList(data)
            return OTLPJSON.Result(spans: result.spans, problems: result.problems)
        case .other, .invalid:
            return try checked(OTLPJSON.parseLines(data), name: name)
        }
    }

    /// Lines that gave nothing but problems were not OTLP JSON lines.
    private static func checked(_ result: OTLPJSON.Result, name: String) throws -> OTLPJSON.Result {
        if result.spans.isEmpty, let problem = result.problems.first {
            throw TraceSourceError.malformed(
                "\(name) is neither OTLP JSON (lines or one document) nor Jaeger JSON: \(problem)")
        }
        return result
    }

    /// The shape of the file's first line that is not blank (`.other` for an empty file).
    private static func firstLineShape(_ path: String, chunkSize: Int) throws -> Shape {
        var first = Shape.other
        try FileChunks.stream(path, chunkSize: chunkSize) { bytes, isLast in
            var start = 0
            while start < bytes.count || isLast {
                let rest = UnsafeRawBufferPointer(rebasing: bytes[start...])
                guard let length = rest.firstIndex(of: JSONScanner.ASCII.lineFeed) else {
                    // The line goes on in the next chunk: hand it again with more.
                    guard isLast else { return start }
                    if !OTLPJSONLines.isBlank(rest) { first = shape(of: rest) }
                    return nil
                }
                let end = start + length
                let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                if !OTLPJSONLines.isBlank(line) {
                    first = shape(of: line)
                    return nil
                }
                start = end + 1
            }
            return start
        }
        return first
    }

    /// What `bytes` hold, checked to the end (so a multi-line file is `.invalid` past its first value).
    static func shape(of bytes: UnsafeRawBufferPointer) -> Shape {
        var scanner = JSONScanner(bytes)
        scanner.skipByteOrderMark()
        do throws(JSONScanner.SyntaxError) {
            let shape: Shape
            switch try scanner.peekKind() {
            case .object:
                var otlp = false
                var jaeger = false
                try scanner.enterObject()
                while let key = try scanner.nextKey() {
                    if scanner.matches(key, "resourceSpans") || scanner.matches(key, "result")
                        || scanner.matches(key, "batches")
                    {
                        otlp = true
                    } else if scanner.matches(key, "data") || scanner.matches(key, "spans") {
                        jaeger = true
                    }
                    try scanner.skipValue()
                }
                shape = otlp ? .otlp : jaeger ? .jaeger : .other
            case .array:
                try scanner.skipValue()
                shape = .list
            default:
                try scanner.skipValue()
                shape = .other
            }
            try scanner.finish()
            return shape
        } catch {
            return .invalid(atEnd: error.atEnd)
        }
    }
}
