#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// OTLP JSON lines (the Collector's file exporter, traceload's spans.jsonl), read a line at a
/// time from chunks of any size: a line that cannot be read is a problem with its (1-based) number,
/// and the lines after it are still read. Lines of spaces, tabs and carriage returns count but hold nothing.
struct OTLPJSONLines {
    private var reader = OTLPJSONReader()
    private(set) var result = OTLPJSON.Result()
    private(set) var lineNumber = 0
    /// The lines that were not blank.
    private(set) var filledLines = 0
    /// Why the first line that was not blank could not be read, if it could not.
    private(set) var firstLineFailure: (any Error)?

    init() {}

    /// Reads the complete lines of `bytes` and answers how many bytes they took (through their
    /// '\n'); when `isLast`, what follows the last '\n' is a line too, and everything is taken.
    mutating func add(_ bytes: UnsafeRawBufferPointer, isLast: Bool) -> Int {
        var start = 0
        if let base = bytes.baseAddress {
            while start < bytes.count,
                let found = memchr(base + start, Int32(JSONScanner.ASCII.lineFeed), bytes.count - start)
            {
                let end = base.distance(to: UnsafeRawPointer(found))
                add(line: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                start = end + 1
            }
        }
        guard isLast else { return start }
        add(line: UnsafeRawBufferPointer(rebasing: bytes[start...]))
        return bytes.count
    }

    private mutating func add(line: UnsafeRawBufferPointer) {
        lineNumber += 1
        guard !Self.isBlank(line) else { return }
        filledLines += 1
        do {
            try reader.read(line, into: &result.spans)
        } catch {
            if filledLines == 1 { firstLineFailure = error }
            result.problems.append("line \(lineNumber): \(error)")
        }
    }

    /// Spaces, tabs and carriage returns only (or nothing).
    static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        line.allSatisfy { byte in
            byte == JSONScanner.ASCII.space || byte == JSONScanner.ASCII.tab || byte == JSONScanner.ASCII.carriageReturn
        }
    }
}
