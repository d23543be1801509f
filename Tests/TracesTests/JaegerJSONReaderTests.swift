import Foundation
import TestFixtures
import Testing
import TraceContext

@testable import Traces

/// The scanner-based Jaeger reader against the `JSONSerialization` reader it replaced
/// (ReferenceJaegerJSON): the same spans in the same order and the same problems, word for word.
@Suite struct JaegerJSONReaderTests {
    @Test(arguments: [
        "jaeger/jaeger-v1-api-response-data-envelope.json",
        "jaeger/jaeger-v1-trace-edgecases-ui_01.json",
        "jaeger/jaeger-v1-trace-petclinic-2svc.json",
    ])
    func readsEveryRecordedAnswerAsTheReferenceDid(file: String) throws {
        let data = try Fixtures.data(file)
        let reference = try ReferenceJaegerJSON.parse(data)
        #expect(!reference.spans.isEmpty)
        let result = try JaegerJSON.parse(data)
        #expect(result.spans == reference.spans && result.problems == reference.problems)
        let read = try TraceFile.read(Fixtures.path(file))
        #expect(read.spans == reference.spans && read.problems == reference.problems)
    }

    /// A bare list of traces reads as the "data" of an answer.
    @Test func aListOfTracesIsTheDataOfAnAnswer() throws {
        let envelope = try JSONSerialization.jsonObject(
            with: try Fixtures.data("jaeger/jaeger-v1-api-response-data-envelope.json")) as? [String: Any]
        let download = try JSONSerialization.jsonObject(
            with: try Fixtures.data("jaeger/jaeger-v1-trace-edgecases-ui_01.json"))
        let traces = (envelope?["data"] as? [Any] ?? []) + [download]
        let reference = try ReferenceJaegerJSON.parse(try JSONSerialization.data(withJSONObject: ["data": traces]))
        #expect(reference.spans.count > 4)
        let result = try JaegerJSON.parseList(try JSONSerialization.data(withJSONObject: traces))
        #expect(result.spans == reference.spans && result.problems == reference.problems)
    }

    static let ids = #""traceID":"00000000000000000000000000000001","spanID":"0000000000000002""#
    static let times = #""startTime":1485467191639875,"duration":5"#

    /// A trace of span objects with valid ids and times and `fields`, one per entry.
    static func trace(_ fields: String..., processes: String = #"{"p1":{"serviceName":"svc"}}"#) -> String {
        let spans = fields.map { "{" + ids + "," + times + ($0.isEmpty ? "" : "," + $0) + "}" }
        return #"{"traceID":"1","spans":["# + spans.joined(separator: ",") + #"],"processes":"# + processes + "}"
    }

    /// Span `id`'s own id, then `fields` (after the trace's ids: the last of a key counts).
    static func span(_ id: Int, _ fields: String) -> String {
        #""spanID":"\#(SpanID.hex(UInt64(id)))""# + (fields.isEmpty ? "" : "," + fields)
    }

    static func ref(_ type: String, _ id: Int, trace: String = "00000000000000000000000000000001") -> String {
        #"{"refType":"\#(type)","traceID":"\#(trace)","spanID":"\#(SpanID.hex(UInt64(id)))"}"#
    }

    static func tag(_ key: String, _ value: String) -> String {
        #"{"key":"\#(key)","type":"string","value":"\#(value)"}"#
    }

    static let documents: [String] = [
        // Processes after (and before) the spans, missing, not objects; a span's own process.
        trace(#""processID":"p1""#, span(3, #""processID":"p2""#), span(4, #""process":{"serviceName":"own"}"#)),
        #"{"processes":{"p1":{"serviceName":"first"}},"spans":[{\#(ids),\#(times),"processID":"p1"}]}"#,
        trace(#""processID":"p1""#, processes: #"{"p1":{"serviceName":"svc"},"p2":7}"#),
        trace(#""processID":"p1""#, processes: #"{"p1":{"serviceName":5}}"#),
        trace(
            #""processID":"p3","process":{"serviceName":"own"}"#, span(3, #""process":{"tags":[]}"#),
            span(4, #""process":"x""#)),
        // Parents: CHILD_OF first, else the first reference in the trace; other traces' do not count.
        trace(
            span(3, #""references":[\#(ref("FOLLOWS_FROM", 9)),\#(ref("CHILD_OF", 2))]"#),
            span(
                4, #""references":[\#(ref("CHILD_OF", 2, trace: "7")),"#
                    + #"\#(ref("FOLLOWS_FROM", 5, trace: "0000000000000001"))]"#),
            span(5, #""references":[\#(ref("CHILD_OF", 2, trace: "x"))],"parentSpanID":"0000000000000006""#),
            span(
                7, #""references":[{"refType":"CHILD_OF","traceID":"1","spanID":"x"}],"#
                    + #""parentSpanID":"0000000000000006""#),
            span(8, #""references":[\#(ref("CHILD_OF", 8))]"#),
            span(9, #""references":[5,\#(ref("CHILD_OF", 2))]"#)),
        // Kinds and scopes from tags: the first of each counts, whatever its value.
        trace(
            #""tags":[\#(tag("span.kind", "server")),\#(tag("otel.library.name", "lib")),"#
                + #"\#(tag("span.kind", "client"))]"#,
            span(
                3, #""tags":[{"key":"span.kind","value":5},\#(tag("span.kind", "client")),"#
                    + #"{"value":"scope","key":"otel.scope.name"}]"#),
            span(4, #""tags":[\#(tag("span.kind", "producer")),{"key":"otel.scope.name","value":7}]"#),
            span(5, #""tags":[\#(tag("span.kind", "consumer")),"x"]"#),
            span(6, #""tags":[\#(tag("span.kind", "internal")),\#(tag("span.kind", "SERVER"))]"#)),
        // Times as numbers and strings; missing and unreadable ones.
        trace(#""startTime":"1485467191639875","duration":"5""#, span(3, #""duration":5.5"#)),
        trace(span(3, #""startTime":null"#), span(4, #""operationName":"op","duration":"x""#)),
        #"{"spans":[{\#(ids),"operationName":"late","startTime":1}]}"#,
        // Spans that are not spans; a span id seen before in its trace; a list holding a non-object.
        trace(#""traceID":"x""#, #""spanID":"y","operationName":"named""#, #""spanID":"y","operationName":4"#, ""),
        trace("", "", span(3, "")),
        #"{"data":[{"spans":[{\#(ids),\#(times)},7]},{"spans":[{\#(ids),\#(times)}]}]}"#,
        // Answers: errors before or after data, in any form; data that is not a list of traces.
        #"{"data":[\#(trace(""))],"errors":[{"code":404,"msg":"trace not found"},{"msg":null}]}"#,
        #"{"errors":[{"code":"x"}],"data":null}"#,
        #"{"errors":[{"code":1},2],"data":[]}"#,
        #"{"data":[\#(trace("")),3],"spans":[{\#(ids),\#(times),"operationName":"top"}]}"#,
        #"{"data":{"spans":[]},"spans":[{\#(ids),\#(times)}],"processes":{"p1":{"serviceName":"svc"}}}"#,
        #"{"data":[{"spans":[{\#(ids),\#(times),"processID":"p1"}],"processes":{"p1":{"serviceName":"a"}}},"#
            + #"{"processes":{"p1":{"serviceName":"b"}},"spans":[{\#(ids),\#(times),"processID":"p1"}]}]}"#,
        // Escapes, and what is not an answer.
        trace(#""operationName":"\/api\u00e9\ud83d\ude00","tags":[{"key":"span\u002ekind","value":"cl\u0069ent"}]"#),
        "{}", "[]", "5", #"{"data":[}"#, #"{"data":[]} x"#, "",
    ]

    @Test(arguments: documents)
    func readsEachFormAsTheReferenceDid(document: String) {
        let data = Data(document.utf8)
        let new = Result { try JaegerJSON.parse(data) }
        let old = Result { try ReferenceJaegerJSON.parse(data) }
        switch (new, old) {
        case (.success(let result), .success(let expected)):
            #expect(result.spans == expected.spans)
            #expect(result.problems == expected.problems)
        case (.failure(let error), .failure(let expected)):
            if expected is TraceSourceError { #expect("\(error)" == "\(expected)") }
        case (.success(let result), .failure(let expected)):
            Issue.record("read \(result.spans.count) spans where the reference failed: \(expected)")
        case (.failure(let error), .success(let expected)):
            Issue.record("failed (\(error)) where the reference read \(expected.spans.count) spans")
        }
    }
}
