import Foundation
import TraceContext

/// Reads OTLP JSON documents (`{"resourceSpans": [...]}` objects) into spans with `JSONScanner`,
/// making only the fields a `Span` holds: attributes other than `service.name`, events, links and
/// status are passed over, not built. One reader per file, so that the names, services and scopes
/// its spans repeat are one string each (`StringInterner`).
///
/// It reads what the `JSONSerialization` reader before it read, to the span (the tests keep that
/// reader as `ReferenceOTLPJSON` and compare): of `result` (when an object: Jaeger API v3's
/// wrapper), `resourceSpans` and `batches`, the first present; `scopeSpans`, else
/// `instrumentationLibrarySpans`; a list that holds anything but objects counts as empty, as its
/// failed `as? [[String: Any]]` did; the first span that cannot be read fails the document. Keys
/// may come in any order, so a resource or scope read after its spans is applied to them after.
struct OTLPJSONReader {
    /// The spans one list (or one choice among keys) appended, and the first span that could not be read.
    private struct Segment {
        var range: Range<Int>
        var failure: TraceSourceError?
        /// The service or scope the spans were made with (a later key may change it).
        var label: String = ""
    }

    /// What a list holds, and what its elements are read with.
    private enum Elements {
        case resourceSpans
        case scopeSpans(service: String)
        case spans(service: String, scope: String)
    }

    var interner = StringInterner()

    init() {}

    /// Appends the spans of one JSON document to `spans`, or throws (a syntax error or the first
    /// unreadable span) and leaves `spans` as it was.
    mutating func read(_ bytes: UnsafeRawBufferPointer, into spans: inout [Span]) throws {
        let start = spans.count
        do {
            var scanner = JSONScanner(bytes)
            scanner.skipByteOrderMark()
            guard try scanner.peekKind() == .object else {
                try scanner.skipValue()
                try scanner.finish()
                throw TraceSourceError.malformed("not a JSON object")
            }
            let chosen = try readBody(&scanner, into: &spans, unwrappingResult: true)
            try scanner.finish()
            if let failure = chosen?.failure { throw failure }
            keep(chosen, from: start, in: &spans)
        } catch {
            spans.removeSubrange(start...)
            throw error
        }
    }

    // MARK: Structure

    /// An object holding `resourceSpans` or `batches` (or, at the top, `result`): the segment of
    /// the key that counts; the others' spans are still in `spans`, for the caller to drop.
    private mutating func readBody(
        _ scanner: inout JSONScanner, into spans: inout [Span], unwrappingResult: Bool
    ) throws(JSONScanner.SyntaxError) -> Segment? {
        var resourceSpans: Segment?
        var batches: Segment?
        var result: Segment?
        try scanner.enterObject()
        while let key = try scanner.nextKey() {
            if scanner.matches(key, "resourceSpans") {
                resourceSpans = try readList(of: .resourceSpans, &scanner, into: &spans)
            } else if scanner.matches(key, "batches") {
                batches = try readList(of: .resourceSpans, &scanner, into: &spans)
            } else if unwrappingResult, scanner.matches(key, "result"), try scanner.peekKind() == .object {
                let here = spans.count
                result = try readBody(&scanner, into: &spans, unwrappingResult: false) ?? Segment(range: here..<here)
            } else {
                try scanner.skipValue()
            }
        }
        return result ?? resourceSpans ?? batches
    }

    /// A list of objects; anything else in it empties the list.
    private mutating func readList(
        of elements: Elements, _ scanner: inout JSONScanner, into spans: inout [Span]
    ) throws(JSONScanner.SyntaxError) -> Segment {
        let start = spans.count
        guard try scanner.peekKind() == .array else {
            try scanner.skipValue()
            return Segment(range: start..<start)
        }
        var failure: TraceSourceError?
        var objects = true
        try scanner.enterArray()
        while try scanner.nextElement() {
            guard objects, try scanner.peekKind() == .object else {
                objects = false
                try scanner.skipValue()
                continue
            }
            let problem: TraceSourceError?
            switch elements {
            case .resourceSpans:
                problem = try readResourceSpans(&scanner, into: &spans)
            case .scopeSpans(let service):
                problem = try readScopeSpans(&scanner, into: &spans, service: service)
            case .spans(let service, let scope):
                switch try readSpan(&scanner, service: service, scope: scope) {
                case .success(let span):
                    spans.append(span)
                    problem = nil
                case .failure(let unreadable):
                    problem = unreadable
                }
            }
            if failure == nil { failure = problem }
        }
        guard objects else {
            spans.removeSubrange(start...)
            return Segment(range: start..<start)
        }
        return Segment(range: start..<spans.count, failure: failure)
    }

    /// One `resourceSpans` entry: its service and its scopes' spans.
    private mutating func readResourceSpans(
        _ scanner: inout JSONScanner, into spans: inout [Span]
    ) throws(JSONScanner.SyntaxError) -> TraceSourceError? {
        let start = spans.count
        var service: String?
        var scopeSpans: Segment?
        var libraries: Segment?
        try scanner.enterObject()
        while let key = try scanner.nextKey() {
            if scanner.matches(key, "resource") {
                service = try readService(&scanner)
            } else if scanner.matches(key, "scopeSpans") || scanner.matches(key, "instrumentationLibrarySpans") {
                let label = service ?? "unknown"
                var segment = try readList(of: .scopeSpans(service: label), &scanner, into: &spans)
                segment.label = label
                if scanner.matches(key, "scopeSpans") { scopeSpans = segment } else { libraries = segment }
            } else {
                try scanner.skipValue()
            }
        }
        let chosen = scopeSpans ?? libraries
        keep(chosen, from: start, in: &spans)
        // The resource came after the spans (or not at all): they were made with a guess.
        let final = service ?? "unknown"
        if let chosen, chosen.label != final {
            for index in start..<spans.count { spans[index].service = final }
        }
        return chosen?.failure
    }

    /// `resource.attributes`' `service.name` (its last string value), else "unknown".
    private mutating func readService(_ scanner: inout JSONScanner) throws(JSONScanner.SyntaxError) -> String {
        var service = "unknown"
        guard try scanner.peekKind() == .object else {
            try scanner.skipValue()
            return service
        }
        try scanner.enterObject()
        while let key = try scanner.nextKey() {
            if scanner.matches(key, "attributes") {
                service = try readServiceAttribute(&scanner) ?? "unknown"
            } else {
                try scanner.skipValue()
            }
        }
        return service
    }

    /// The attribute list's last `service.name` with a `stringValue`; nil if none, or if the list
    /// holds anything but objects (as the reference's cast to `[[String: Any]]` failed).
    private mutating func readServiceAttribute(
        _ scanner: inout JSONScanner
    ) throws(JSONScanner.SyntaxError) -> String? {
        guard try scanner.peekKind() == .array else {
            try scanner.skipValue()
            return nil
        }
        var found: String?
        var objects = true
        try scanner.enterArray()
        while try scanner.nextElement() {
            guard objects, try scanner.peekKind() == .object else {
                objects = false
                try scanner.skipValue()
                continue
            }
            var isServiceName = false
            var text: JSONScanner.RawString?
            try scanner.enterObject()
            while let key = try scanner.nextKey() {
                if scanner.matches(key, "key") {
                    isServiceName = try scanner.readStringOrSkip().map { scanner.matches($0, "service.name") } ?? false
                } else if scanner.matches(key, "value") {
                    text = try readStringValue(&scanner)
                } else {
                    try scanner.skipValue()
                }
            }
            if isServiceName, let text { found = interner.string(text, in: scanner) }
        }
        return objects ? found : nil
    }

    /// An attribute value's `stringValue` when it is an object holding a string there.
    private func readStringValue(
        _ scanner: inout JSONScanner
    ) throws(JSONScanner.SyntaxError) -> JSONScanner.RawString? {
        guard try scanner.peekKind() == .object else {
            try scanner.skipValue()
            return nil
        }
        var text: JSONScanner.RawString?
        try scanner.enterObject()
        while let key = try scanner.nextKey() {
            if scanner.matches(key, "stringValue") {
                text = try scanner.readStringOrSkip()
            } else {
                try scanner.skipValue()
            }
        }
        return text
    }

    /// One `scopeSpans` entry: the scope's name and its spans.
    private mutating func readScopeSpans(
        _ scanner: inout JSONScanner, into spans: inout [Span], service: String
    ) throws(JSONScanner.SyntaxError) -> TraceSourceError? {
        var scope: String?
        var library: String?
        var list: Segment?
        try scanner.enterObject()
        while let key = try scanner.nextKey() {
            if scanner.matches(key, "scope") {
                scope = try readScopeName(&scanner)
            } else if scanner.matches(key, "instrumentationLibrary") {
                library = try readScopeName(&scanner)
            } else if scanner.matches(key, "spans") {
                let label = scope ?? library ?? ""
                if let list { spans.removeSubrange(list.range) }
                list = try readList(of: .spans(service: service, scope: label), &scanner, into: &spans)
                list?.label = label
            } else {
                try scanner.skipValue()
            }
        }
        guard let list else { return nil }
        // The scope came after the spans: they were made with a guess.
        let final = scope ?? library ?? ""
        if list.label != final {
            for index in list.range { spans[index].scope = final }
        }
        return list.failure
    }

    /// `scope.name` (or `instrumentationLibrary.name`): "" unless the scope is an object with a string name.
    private mutating func readScopeName(_ scanner: inout JSONScanner) throws(JSONScanner.SyntaxError) -> String {
        guard try scanner.peekKind() == .object else {
            try scanner.skipValue()
            return ""
        }
        var name = ""
        try scanner.enterObject()
        while let key = try scanner.nextKey() {
            if scanner.matches(key, "name") {
                name = try scanner.readStringOrSkip().map { interner.string($0, in: scanner) } ?? ""
            } else {
                try scanner.skipValue()
            }
        }
        return name
    }


    /// Drops the spans appended since `start` that are not `chosen`'s (those of a key that lost).
    private func keep(_ chosen: Segment?, from start: Int, in spans: inout [Span]) {
        guard let chosen else {
            spans.removeSubrange(start...)
            return
        }
        guard chosen.range != start..<spans.count else { return }
        let kept = Array(spans[chosen.range])
        spans.removeSubrange(start...)
        spans += kept
    }
}
