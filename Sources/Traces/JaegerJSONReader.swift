import Foundation
import TraceContext

/// Reads Jaeger's query API v1 JSON (`{"data": [trace, ...], "errors": ...}`, a bare trace, or a
/// bare list of traces) into spans with `JSONScanner`: tags other than the span's kind and scope,
/// logs and the UI's nested `span` copies in references are passed over, not built. Jaeger UI's
/// "Download JSON" files can be as large as a Collector's, and mostly hold what is passed over.
///
/// It reads what the `JSONSerialization` reader before it read (the tests keep it as
/// `ReferenceJaegerJSON` and compare): "data" when it is a list of objects, else the document as
/// one trace when it has "spans"; a list holding anything but objects counts as empty, as its
/// failed cast did; a span that cannot be read is a problem, and so is a span id seen before in
/// its trace. A trace's processes usually follow its spans, so services are given at its end.
struct JaegerJSONReader {
    /// One trace's spans, before its processes are known.
    struct Trace {
        var spans: [Span] = []
        /// Per span: its `processID`, and the service of its own `process` ("unknown" when that
        /// has no string `serviceName`; nil without one).
        var processes: [(id: String?, service: String?)] = []
        var problems: [String] = []
        var seen = Set<UInt64>()
        /// Service per process id; nil when absent or not an object of objects.
        var services: [String: String]?

        /// Its spans, each with its service, and its problems.
        mutating func finish(into result: inout JaegerJSON.Result) {
            for index in spans.indices {
                let (id, own) = processes[index]
                spans[index].service = id.flatMap { services?[$0] } ?? own ?? "unknown"
            }
            result.spans += spans
            result.problems += problems
        }
    }

    var interner = StringInterner()
    /// One span's references, kept between spans so that reading them allocates nothing.
    var references: [Reference] = []

    init() {}

    /// A document: an object with "data" (or a trace itself).
    mutating func read(_ bytes: UnsafeRawBufferPointer) throws -> JaegerJSON.Result {
        var scanner = JSONScanner(bytes)
        scanner.skipByteOrderMark()
        guard try scanner.peekKind() == .object else {
            try scanner.skipValue()
            try scanner.finish()
            throw TraceSourceError.malformed("not a JSON object")
        }
        var data: JaegerJSON.Result?
        var errors: [String] = []
        var trace = Trace()
        var isTrace = false
        try scanner.enterObject()
        while let key = try scanner.nextKey() {
            if scanner.matches(key, "data") {
                data = try readTraces(&scanner)
            } else if scanner.matches(key, "errors") {
                errors = try readErrors(&scanner)
            } else if scanner.matches(key, "spans") {
                isTrace = true
                try readSpans(&scanner, into: &trace)
            } else if scanner.matches(key, "processes") {
                trace.services = try readProcesses(&scanner)
            } else {
                try scanner.skipValue()
            }
        }
        try scanner.finish()
        // Jaeger's errors come first, wherever they were in the document.
        var result = JaegerJSON.Result(spans: [], problems: errors)
        if let data {
            result.spans = data.spans
            result.problems += data.problems
        } else if isTrace {
            trace.finish(into: &result)
        }
        return result
    }

    /// A bare list of traces, read as the "data" of an answer.
    mutating func readList(_ bytes: UnsafeRawBufferPointer) throws -> JaegerJSON.Result {
        var scanner = JSONScanner(bytes)
        scanner.skipByteOrderMark()
        let traces = try readTraces(&scanner)
        try scanner.finish()
        return traces ?? JaegerJSON.Result()
    }

    // MARK: Structure

    /// The traces of a list of objects; nil when it is not one.
    private mutating func readTraces(
        _ scanner: inout JSONScanner
    ) throws(JSONScanner.SyntaxError) -> JaegerJSON.Result? {
        guard try scanner.peekKind() == .array else {
            try scanner.skipValue()
            return nil
        }
        var result = JaegerJSON.Result()
        var objects = true
        try scanner.enterArray()
        while try scanner.nextElement() {
            guard objects, try scanner.peekKind() == .object else {
                objects = false
                try scanner.skipValue()
                continue
            }
            var trace = Trace()
            try scanner.enterObject()
            while let key = try scanner.nextKey() {
                if scanner.matches(key, "spans") {
                    try readSpans(&scanner, into: &trace)
                } else if scanner.matches(key, "processes") {
                    trace.services = try readProcesses(&scanner)
                } else {
                    try scanner.skipValue()
                }
            }
            trace.finish(into: &result)
        }
        return objects ? result : nil
    }

    /// A trace's spans; none (and no problems) unless the list holds only objects.
    private mutating func readSpans(
        _ scanner: inout JSONScanner, into trace: inout Trace
    ) throws(JSONScanner.SyntaxError) {
        let services = trace.services
        trace = Trace()
        trace.services = services
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
            switch try readSpan(&scanner) {
            case .success(let (span, process)):
                // Jaeger keeps duplicate span ids (clock-skew adjusted copies); keep the first.
                guard trace.seen.insert(span.spanID).inserted else {
                    trace.problems.append("duplicate span id \(SpanID.hex(span.spanID)) in trace \(span.traceID)")
                    continue
                }
                trace.spans.append(span)
                trace.processes.append(process)
            case .failure(let unreadable):
                trace.problems.append("\(unreadable)")
            }
        }
        if !objects {
            trace = Trace()
            trace.services = services
        }
    }

    /// `processes`: each id's `serviceName` ("unknown" when not a string); nil unless every
    /// process is an object.
    private mutating func readProcesses(
        _ scanner: inout JSONScanner
    ) throws(JSONScanner.SyntaxError) -> [String: String]? {
        guard try scanner.peekKind() == .object else {
            try scanner.skipValue()
            return nil
        }
        var services: [String: String] = [:]
        var objects = true
        try scanner.enterObject()
        while let key = try scanner.nextKey() {
            guard objects, try scanner.peekKind() == .object else {
                objects = false
                try scanner.skipValue()
                continue
            }
            services[scanner.string(key)] = try readServiceName(&scanner)
        }
        return objects ? services : nil
    }

    /// A process object's `serviceName`, "unknown" when it is not a string.
    mutating func readServiceName(_ scanner: inout JSONScanner) throws(JSONScanner.SyntaxError) -> String {
        var service = "unknown"
        try scanner.enterObject()
        while let key = try scanner.nextKey() {
            if scanner.matches(key, "serviceName") {
                service = try scanner.readStringOrSkip().map { interner.string($0, in: scanner) } ?? "unknown"
            } else {
                try scanner.skipValue()
            }
        }
        return service
    }

    /// "Jaeger error CODE: MESSAGE" for each entry of a list of objects.
    private func readErrors(_ scanner: inout JSONScanner) throws(JSONScanner.SyntaxError) -> [String] {
        guard try scanner.peekKind() == .array else {
            try scanner.skipValue()
            return []
        }
        var errors: [String] = []
        var objects = true
        try scanner.enterArray()
        while try scanner.nextElement() {
            guard objects, try scanner.peekKind() == .object else {
                objects = false
                try scanner.skipValue()
                continue
            }
            var code = "?"
            var message = "?"
            try scanner.enterObject()
            while let key = try scanner.nextKey() {
                let at = scanner.offset
                let isCode = scanner.matches(key, "code")
                let isMessage = scanner.matches(key, "msg")
                try scanner.skipValue()
                // As the Foundation reader printed them (rare, and small).
                guard isCode || isMessage else { continue }
                let text = JSONScanner.foundationValue(scanner.bytes(from: at)).map { "\($0)" } ?? "?"
                if isCode { code = text } else { message = text }
            }
            errors.append("Jaeger error \(code): \(message)")
        }
        return objects ? errors : []
    }


}
