import Foundation
import TestFixtures
import Testing
import TraceContext

@testable import Traces

/// The scanner-based reader against the `JSONSerialization` reader it replaced (ReferenceOTLPJSON):
/// the same spans, field for field and in the same order, and the same problems, on every recorded
/// OTLP file and on the odd forms the reference accepted or refused.
@Suite struct OTLPJSONReaderTests {
    static let lineFiles = [
        "milvus-2.3.5/server-fraction-0-client-0.5.jsonl",
        "milvus-2.3.5/server-fraction-1.jsonl",
        "milvus-2.3.5/client-flags-03-not-joined.jsonl",
        "milvus-2.3.5/search-under-load/spans.jsonl",
        "jaeger/otlp-jsonl-4lines.jsonl",
    ]

    @Test(arguments: lineFiles)
    func readsEveryRecordedLineFileAsTheReferenceDid(file: String) throws {
        let path = Fixtures.path(file)
        let reference = ReferenceOTLPJSON.parseLines(try Fixtures.data(file))
        #expect(!reference.spans.isEmpty)
        for (how, result) in [
            ("parseLines", OTLPJSON.parseLines(try Fixtures.data(file))),
            ("readFile", try OTLPJSON.readFile(path)),
            ("readFile in 4 KiB chunks", try OTLPJSON.readFile(path, chunkSize: 4096)),
            ("TraceFile.read", try TraceFile.read(path)),
        ] {
            #expect(result.spans == reference.spans, "\(how)")
            #expect(result.problems.count == reference.problems.count, "\(how)")
        }
    }

    @Test(arguments: ["jaeger/jaeger-v3-get-trace.json", "jaeger/tempo-v1-trace-by-id-batches.json"])
    func readsEveryRecordedDocumentAsTheReferenceDid(file: String) throws {
        let data = try Fixtures.data(file)
        let reference = try ReferenceOTLPJSON.parseDocument(data)
        #expect(!reference.isEmpty)
        #expect(try OTLPJSON.parseDocument(data) == reference)
        #expect(try TraceFile.read(Fixtures.path(file)).spans == reference)
    }

    static let ids = #""traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174""#
    static let times = #""startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000""#
    static let resource = #""resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]}"#

    /// Span objects with valid ids and `fields`, one per entry.
    static func spans(_ fields: String...) -> String {
        fields.map { "{" + ids + ($0.isEmpty ? "" : "," + $0) + "}" }.joined(separator: ",")
    }

    /// A document of one resource (`resource`: its members before "scopeSpans") with one scope
    /// holding `spans` (the list's JSON elements).
    static func document(_ spans: String, resource: String = "") -> String {
        #"{"resourceSpans":[{"# + (resource.isEmpty ? "" : resource + ",") + #""scopeSpans":[{"spans":["# + spans
            + "]}]}]}"
    }

    /// A document whose one resource holds `resourceSpans` (the members of its resourceSpans entry).
    static func resourceSpans(_ members: String) -> String { #"{"resourceSpans":[{"# + members + "}]}" }

    static let attributes = #"{"key":"service.name","value":{"stringValue":"a"}}"#

    /// Documents in the forms producers use, and in forms only a careless one would: each reads as
    /// the reference read it (or fails where it failed, with its words for a span it refused).
    static let documents: [String] = [
        // Keys in any order: the resource after its scopes, the scope after its spans.
        resourceSpans(#""scopeSpans":[{"spans":[\#(spans(#""name":"a""#))],"scope":{"name":"proxy"}}],\#(resource)"#),
        resourceSpans(
            #"\#(resource),"scopeSpans":[{"scope":{"name":"s"},"spans":[{"name":"a",\#(ids),\#(times),"kind":2}]}]"#),
        // Older names; both names (scopeSpans wins); a scope that is not an object wins and names nothing.
        resourceSpans(
            #""instrumentationLibrarySpans":[{"instrumentationLibrary":{"name":"lib"},"spans":[\#(spans(""))]}]"#),
        resourceSpans(
            #""instrumentationLibrarySpans":[{"spans":[\#(spans(#""name":"old""#))]}],"#
                + #""scopeSpans":[{"spans":[\#(spans(#""name":"new""#))]}]"#),
        resourceSpans(#""scopeSpans":[{"scope":"x","instrumentationLibrary":{"name":"lib"},"spans":[\#(spans(""))]}]"#),
        // Jaeger API v3's wrapper; a "result" that is not an object; Tempo's "batches"; both lists.
        #"{"result":\#(document(spans("")))}"#,
        #"{"resourceSpans":[{"scopeSpans":[{"spans":[\#(spans(#""name":"top""#))]}]}],"#
            + #""result":{"batches":[{"scopeSpans":[{"spans":[\#(spans(#""name":"inner""#))]}]}]}}"#,
        #"{"result":{"other":1},"resourceSpans":[{"scopeSpans":[{"spans":[\#(spans(""))]}]}]}"#,
        #"{"result":5,"resourceSpans":[{"scopeSpans":[{"spans":[\#(spans(""))]}]}]}"#,
        #"{"batches":[{"scopeSpans":[{"spans":[\#(spans(#""name":"b""#))]}]}],"#
            + #""resourceSpans":[{"scopeSpans":[{"spans":[\#(spans(#""name":"r""#))]}]}]}"#,
        #"{"resourceSpans":null,"batches":[{"scopeSpans":[{"spans":[\#(spans(""))]}]}]}"#,
        // Base64 ids (Tempo), 16-digit trace ids (Jaeger), a signed hex id, ids that are not ids.
        document(#"{"traceId":"W47/95gDgQPSabYzgT/GDA==","spanId":"7uGbfsPBsXQ=","parentSpanId":"AAAAAAAAAAE="}"#),
        document(#"{"traceId":"d269b633813fc60c","spanId":"EEE19B7EC3C1B174"}"#),
        document(#"{"traceId":"+b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}"#),
        document(#"{"traceId":"zz","spanId":"eee19b7ec3c1b174"}"#),
        document(#"{"spanId":"eee19b7ec3c1b174"}"#),
        document(#"{"traceId":7,"spanId":"eee19b7ec3c1b174"}"#),
        document(#"{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"x","name":"q"}"#),
        document(#"{"traceId":"5b8efff798038103d269b633813fc60c","name":5}"#),
        document(#"{"traceId":"5b8efff798038103d269b633813fc60c"}"#),
        document(
            spans(
                #""parentSpanId":"""#, #""parentSpanId":"zz""#, #""parentSpanId":3"#,
                #""parentSpanId":"00000000000000aB""#)),
        // Kinds as numbers, names, in any case, and as nothing a kind is.
        document(
            spans(
                #""kind":0"#, #""kind":5"#, #""kind":6"#, #""kind":"SPAN_KIND_SERVER""#, #""kind":"span_kind_client""#,
                #""kind":"SPAN_KIND_PRODUCER""#, #""kind":"SPAN_KIND_CONSUMER""#, #""kind":"SPAN_KIND_INTERNAL""#,
                #""kind":"server""#)),
        document(
            spans(#""kind":-1"#, #""kind":2.0"#, #""kind":99999999999999999999"#, #""kind":null"#, #""kind":{}"#)),
        // Times as strings, numbers, absent; then times that are not times.
        document(
            spans(
                #""startTimeUnixNano":5,"endTimeUnixNano":"7""#, #""endTimeUnixNano":9"#,
                #""startTimeUnixNano":"+5","endTimeUnixNano":"0009""#,
                #""startTimeUnixNano":1.5e3,"endTimeUnixNano":2000.0"#)),
        document(spans(#""name":"late","startTimeUnixNano":null"#)),
        document(spans(#""startTimeUnixNano":"abc""#)),
        document(spans(#""startTimeUnixNano":"18446744073709551616""#)),
        document(spans(#""startTimeUnixNano":[1]"#)),
        // A list holding anything but objects is no list; a bad span fails the document, unless
        // its list is no list.
        document(spans("") + ",5"),
        resourceSpans(#""scopeSpans":[{"spans":[{"traceId":"bad"},null]},{"spans":[\#(spans(""))]}]"#),
        resourceSpans(#""scopeSpans":[{"spans":[\#(spans(""))]},[]]"#),
        #"{"resourceSpans":[{"scopeSpans":[{"spans":[\#(spans(""))]}]},"x"]}"#,
        document(spans("") + #",{"traceId":"bad"}"#),
        resourceSpans(#""scopeSpans":[{"spans":[\#(spans(""))]},{"spans":[{"traceId":"bad"}]}]"#),
        #"{"resourceSpans":[{"scopeSpans":[{"spans":[\#(spans(""))]}]}],"#
            + #""batches":[{"scopeSpans":[{"spans":[{"traceId":"bad"}]}]}]}"#,
        #"{"resourceSpans":{"scopeSpans":[]}}"#,
        // Services: the last string service.name; none if the attribute list holds a non-object.
        document(
            spans(""),
            resource: #""resource":{"attributes":[\#(attributes),{"key":"service.name","value":{"stringValue":"b"}},"#
                + #"{"key":"service.name","value":{"intValue":"3"}}]}"#),
        document(spans(""), resource: #""resource":{"attributes":[\#(attributes),7]}"#),
        document(
            spans(""),
            resource: #""resource":{"attributes":[{"value":{"stringValue":"a"},"key":"service.name"},"#
                + #"{"key":5,"value":{"stringValue":"b"}},"#
                + #"{"key":"host","value":{"arrayValue":{"values":[{"stringValue":"x"}]}}}]}"#),
        document(spans(""), resource: #""resource":[]"#),
        document(
            spans(""),
            resource: #""resource":{"attributes":[{"key":"service.name","#
                + #""value":{"stringValue":"x","stringValue":7}}]}"#),
        // Escapes and UTF-8 in names and keys; fields a span does not keep.
        document(spans(#""name":"\/milvus.proto.milvus.MilvusService\/Search \u00e9\ud83d\ude00 ünï""#)),
        document(#"{"trace\u0049d":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}"#),
        document(
            spans(
                #""attributes":[{"key":"k","value":{"kvlistValue":{"values":[{"key":"a","value":{"arrayValue":"#
                    + #"{"values":[{"intValue":"1"},{"doubleValue":0.5},{"boolValue":true}]}}}]}}}],"#
                    + #""events":[{"timeUnixNano":"1","name":"e","attributes":[]}],"links":[],"#
                    + #""status":{"code":2,"message":"bad"},"droppedAttributesCount":0,"flags":256,"traceState":"""#)),
        // Documents with nothing, and things that are not documents.
        #"{}"#, #"{"data":[]}"#, #"{"resourceSpans":[]}"#, #"  {"resourceSpans":[{}]}  "#,
        "[]", "5", #""resourceSpans""#, #"{"resourceSpans":[}"#, #"{"resourceSpans":[]} x"#, "",
        "\u{FEFF}" + document(spans("")),
    ]

    @Test(arguments: documents)
    func readsEachFormAsTheReferenceDid(document: String) {
        let data = Data(document.utf8)
        let new = Result { try OTLPJSON.parseDocument(data) }
        let old = Result { try ReferenceOTLPJSON.parseDocument(data) }
        switch (new, old) {
        case (.success(let spans), .success(let expected)):
            #expect(spans == expected)
        case (.failure(let error), .failure(let expected)):
            // A span refused is refused in the reference's words; JSON errors are each parser's own.
            if expected is TraceSourceError { #expect("\(error)" == "\(expected)") }
        case (.success(let spans), .failure(let expected)):
            Issue.record("read \(spans.count) spans where the reference failed: \(expected)")
        case (.failure(let error), .success(let expected)):
            Issue.record("failed (\(error)) where the reference read \(expected.count) spans")
        }
    }

    /// 850,000 spans of a few dozen names hold a few dozen strings, not 850,000.
    @Test func repeatedStringsAreShared() throws {
        let spans = try OTLPJSON.readFile(Fixtures.path("milvus-2.3.5/search-under-load/spans.jsonl")).spans
        func storage(_ string: String) -> UnsafeRawPointer? {
            var string = string
            return string.withUTF8 { UnsafeRawPointer($0.baseAddress) }
        }
        // Names of 16 bytes or more live on the heap: one buffer per distinct name.
        let long = spans.map(\.name).filter { $0.utf8.count > 15 }
        #expect(long.count > 1000)
        #expect(Set(long.compactMap(storage)).count == Set(long).count)
    }
}
