import Foundation
import TestFixtures
import Testing

@testable import Traces

/// `traceload analyze --traces FILE` takes whichever form a user has.
@Suite struct TraceFileTests {
    @Test(arguments: [
        ("jaeger/otlp-jsonl-4lines.jsonl", 4),  // OTLP JSON lines
        ("jaeger/jaeger-v1-api-response-data-envelope.json", 4),  // Jaeger API v1 answer, the same trace
        ("jaeger/jaeger-v1-trace-petclinic-2svc.json", 5),  // a bare Jaeger trace (UI download of one trace)
        ("jaeger/jaeger-v3-get-trace.json", 1),  // Jaeger API v3 answer
        ("jaeger/tempo-v1-trace-by-id-batches.json", 8),  // Tempo's "batches"
        ("milvus-2.3.5/server-fraction-1.jsonl", 1609),
    ])
    func readsEveryRecordedForm(file: String, spans: Int) throws {
        let result = try TraceFile.read(Fixtures.path(file))
        #expect(result.spans.count == spans)
    }

    /// The OTLP lines and the Jaeger JSON Jaeger made of them are the same spans.
    @Test func theCrossCheckPairAgrees() throws {
        let otlp = try TraceFile.read(Fixtures.path("jaeger/otlp-jsonl-4lines.jsonl")).spans
        let jaeger = try TraceFile.read(Fixtures.path("jaeger/jaeger-v1-api-response-data-envelope.json")).spans
        func key(_ span: Span) -> String {
            "\(span.spanID) \(span.parentSpanID ?? 0) \(span.name) \(span.service) \(span.startUnixNanos / 1000)"
        }
        #expect(Set(otlp.map(key)) == Set(jaeger.map(key)))
    }

    @Test func somethingElseIsRefusedWithTheReason() {
        #expect(throws: TraceSourceError.self) { try TraceFile.parse(Data("hello\nworld\n".utf8), name: "notes.txt") }
    }
}

/// JSON lines are read a chunk at a time; what that must not change.
@Suite struct TraceFileStreamingTests {
    let directory = NSTemporaryDirectory() + "traceload-tracefile-\(UUID().uuidString)"

    init() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func file(_ name: String, _ text: String) throws -> String {
        let path = directory + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let fixture = "milvus-2.3.5/server-fraction-0-client-0.5.jsonl"

    /// Chunks from one byte up: lines cut anywhere, a line longer than the first buffer, the last
    /// line without its '\n'.
    @Test(arguments: [1, 2, 3, 7, 64, 1000, 4096, 65536])
    func linesCutByTheChunksReadTheSame(chunkSize: Int) throws {
        let path = Fixtures.path(Self.fixture)
        let reference = ReferenceOTLPJSON.parseLines(try Fixtures.data(Self.fixture))
        #expect(reference.spans.count == 249)
        #expect(try TraceFile.read(path, chunkSize: chunkSize).spans == reference.spans)
        #expect(try OTLPJSON.readFile(path, chunkSize: chunkSize).spans == reference.spans)
        let text = String(decoding: try Fixtures.data(Self.fixture), as: UTF8.self)
        let unterminated = try file("unterminated.jsonl", String(text.dropLast(text.hasSuffix("\n") ? 1 : 0)))
        #expect(try TraceFile.read(unterminated, chunkSize: chunkSize).spans == reference.spans)
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test(arguments: [16, FileChunks.defaultSize])
    func aPrettyPrintedDocumentIsReadWhole(chunkSize: Int) throws {
        let firstLine = try Fixtures.data(Self.fixture).split(separator: UInt8(ascii: "\n"))[0]
        let object = try JSONSerialization.jsonObject(with: Data(firstLine))
        let pretty = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        let path = try file("pretty.json", String(decoding: pretty, as: UTF8.self))
        let expected = try ReferenceOTLPJSON.parseDocument(pretty)
        #expect(!expected.isEmpty)
        let result = try TraceFile.read(path, chunkSize: chunkSize)
        #expect(result.spans == expected && result.problems.isEmpty)
        #expect(try TraceFile.parse(pretty).spans == expected)
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func aBadLineIsAProblemAndTheLinesAfterItAreRead() throws {
        let lines = String(decoding: try Fixtures.data("jaeger/otlp-jsonl-4lines.jsonl"), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        let noTraceID = #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"eee19b7ec3c1b174"}]}]}]}"#
        let text = [lines[0], "{\"resourceSpans\": [", lines[1], noTraceID, lines[2], lines[3]].joined(separator: "\n")
        let path = try file("bad-line.jsonl", text)
        let expected = ReferenceOTLPJSON.parseLines(Data(text.utf8))
        for chunkSize in [5, FileChunks.defaultSize] {
            let result = try TraceFile.read(path, chunkSize: chunkSize)
            #expect(result.spans.count == 4 && result.spans == expected.spans)
            #expect(result.problems.count == 2)
            #expect(result.problems.first?.hasPrefix("line 2: malformed JSON at byte 19: ") == true)
            #expect(result.problems.last == "line 4: span without a valid traceId")
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func crlfLineEndsAndBlankLines() throws {
        let lines = String(decoding: try Fixtures.data("jaeger/otlp-jsonl-4lines.jsonl"), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        let expected = ReferenceOTLPJSON.parseLines(Data(lines.joined(separator: "\n").utf8)).spans
        #expect(expected.count == 4)
        let text = "\r\n \t\r\n" + lines.joined(separator: "\r\n\r\n") + "\r\n\n   \n"
        let path = try file("crlf.jsonl", text)
        for chunkSize in [3, FileChunks.defaultSize] {
            let result = try TraceFile.read(path, chunkSize: chunkSize)
            #expect(result.spans == expected && result.problems.isEmpty)
        }
        // Blank lines count: the bad line after them is line 5.
        let bad = try file("blank-then-bad.jsonl", lines[0] + "\n\n \r\n\t\n{\n" + lines[1] + "\n")
        #expect(try TraceFile.read(bad).problems.map { $0.prefix(7) } == ["line 5:"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// One OTLP object in a file is one document: a span it cannot read fails the file, as before.
    @Test func aFileOfOneDocumentFailsWithItsSpan() throws {
        let path = try file(
            "one.json", #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"eee19b7ec3c1b174"}]}]}]}"# + "\n\n")
        let error = #expect(throws: TraceSourceError.self) { try TraceFile.read(path) }
        #expect(error?.description == "span without a valid traceId")
        // Lines are not a document: the same span on two lines is a problem each, and so nothing was read.
        let line = #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"1"}]}]}]}"#
        let two = try file("two.jsonl", line + "\n" + line + "\n")
        let neither = #expect(throws: TraceSourceError.self) { try TraceFile.read(two) }
        #expect(
            neither?.description.hasSuffix(
                "is neither OTLP JSON (lines or one document) nor Jaeger JSON: line 1: span without a valid traceId")
                == true)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The Jaeger forms still go to the Jaeger reader, whole, however their first line looks.
    @Test func jaegerFilesAreReadWhole() throws {
        let envelope = try Fixtures.data("jaeger/jaeger-v1-api-response-data-envelope.json")
        let expected = try JaegerJSON.parse(envelope).spans
        let object = try JSONSerialization.jsonObject(with: envelope)
        let oneLine = try JSONSerialization.data(withJSONObject: object)
        let pretty = try JSONSerialization.data(withJSONObject: object, options: .prettyPrinted)
        let list = try JSONSerialization.data(withJSONObject: (object as? [String: Any])?["data"] ?? [])
        for (name, data) in [("one-line.json", oneLine), ("pretty.json", pretty), ("list.json", list)] {
            let path = try file(name, String(decoding: data, as: UTF8.self))
            for chunkSize in [10, FileChunks.defaultSize] {
                #expect(try TraceFile.read(path, chunkSize: chunkSize).spans == expected, "\(name)")
            }
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
