import Foundation
import OTLPProto
import SwiftProtobuf
import Testing
import TraceContext

@testable import Traces

/// The receiver's decoder against the reference: SwiftProtobuf's message and `Span.from`.
@Suite struct OTLPSpanDecoderTests {
    typealias Request = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest

    /// The reference's answer, or nil where it refuses the bytes.
    static func reference(_ bytes: [UInt8]) -> (spans: [Span], rejected: Int)? {
        guard let request = try? Request(serializedBytes: bytes) else { return nil }
        return Span.from(request)
    }

    static func decoded(_ bytes: [UInt8], strings: SharedStrings = SharedStrings()) -> (spans: [Span], rejected: Int)? {
        try? OTLPSpanDecoder.decode(bytes, strings: strings)
    }

    static func expectSame(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = reference(bytes)
        let actual = decoded(bytes)
        #expect(expected?.spans == actual?.spans, sourceLocation: sourceLocation)
        #expect(expected?.rejected == actual?.rejected, sourceLocation: sourceLocation)
        #expect((expected == nil) == (actual == nil), sourceLocation: sourceLocation)
    }

    @Test func everyRecordedExportDecodesAsTheReferenceDoes() throws {
        let requests = try RecordedExports.requests()
        #expect(requests.count == 21)
        let strings = SharedStrings()
        var spans = 0
        for bytes in requests {
            let expected = try #require(Self.reference(bytes))
            let actual = try OTLPSpanDecoder.decode(bytes, strings: strings)
            #expect(actual.spans == expected.spans)
            #expect(actual.rejected == expected.rejected)
            spans += actual.spans.count
        }
        #expect(spans == 14_590)
        // ~90 distinct names, services and scopes among 14,590 spans.
        #expect(strings.count > 10 && strings.count < 200)
    }

    /// Ids of the wrong length: the span is counted as rejected (a parent of the wrong length is
    /// no parent), as `Span.from` does.
    @Test func malformedIDsAreCountedAsTheReferenceCountsThem() throws {
        func span(trace: Int, span spanLength: Int, parent: Int) -> Opentelemetry_Proto_Trace_V1_Span {
            var proto = Opentelemetry_Proto_Trace_V1_Span()
            proto.traceID = Data(repeating: 0xAB, count: trace)
            proto.spanID = Data(repeating: 0xCD, count: spanLength)
            proto.parentSpanID = Data(repeating: 0xEF, count: parent)
            proto.name = "s\(trace)-\(spanLength)-\(parent)"
            proto.kind = .server
            proto.startTimeUnixNano = 10
            proto.endTimeUnixNano = 5
            return proto
        }
        let spans = [
            span(trace: 16, span: 8, parent: 8), span(trace: 15, span: 8, parent: 8),
            span(trace: 17, span: 8, parent: 0), span(trace: 0, span: 8, parent: 8),
            span(trace: 16, span: 7, parent: 8), span(trace: 16, span: 0, parent: 0),
            span(trace: 16, span: 8, parent: 5), span(trace: 16, span: 8, parent: 0),
        ]
        let bytes = try Self.request(spans, service: "svc", scope: "scope")
        let actual = try #require(Self.decoded(bytes))
        #expect(actual.rejected == 5 && actual.spans.count == 3)
        #expect(actual.spans.filter { $0.parentSpanID == nil }.count == 2)
        #expect(actual.spans.allSatisfy { $0.endUnixNanos == 10 && $0.service == "svc" && $0.scope == "scope" })
        Self.expectSame(bytes)
    }

    /// Fields traceload does not know, of every wire type, at every level, are skipped.
    @Test func unknownFieldsAreSkippedAtEveryLevel() throws {
        let unknown =
            Wire.field(90, varint: 300) + Wire.field(91, fixed64: 7) + Wire.field(92, fixed32: 9)
            + Wire.field(93, bytes: Array("anything".utf8)) + Wire.group(94, Wire.field(1, varint: 1))
        let span = try Self.spanBytes(name: "unknowns") + unknown
        let scope = Wire.field(1, bytes: Wire.field(1, bytes: Array("my.scope".utf8)) + unknown) + unknown
            + Wire.field(2, bytes: span)
        let resource = Wire.field(1, bytes: Self.serviceAttribute("svc") + unknown) + unknown
            + Wire.field(2, bytes: scope)
        let bytes = unknown + Wire.field(1, bytes: resource) + unknown
        let actual = try #require(Self.decoded(bytes))
        #expect(actual.spans.map(\.name) == ["unknowns"] && actual.spans[0].scope == "my.scope")
        #expect(actual.spans[0].service == "svc")
        Self.expectSame(bytes)
    }

    /// Varints as any encoder may write them: overlong (non-minimal), negative and over 32 bits for
    /// the kind (an int32 enum: its low 32 bits), and a field of the wrong wire type (packed, or
    /// fixed for a varint) taken as an unknown field.
    @Test func varintsAreReadAsTheReferenceReadsThem() throws {
        let base = try Self.spanBytes(name: "v")
        let kinds: [[UInt8]] = [
            Wire.tag(6, 0) + [0x82, 0x80, 0x80, 0x00],  // 2, overlong
            Wire.tag(6, 0) + Wire.varint(UInt64(bitPattern: -1)),  // -1, ten bytes
            Wire.tag(6, 0) + Wire.varint((1 << 32) + 3),  // low 32 bits: 3
            Wire.tag(6, 0) + Wire.varint(42),  // a kind traceload does not know
            Wire.field(6, bytes: [0x02, 0x03]),  // packed: not a singular enum's wire type
            Wire.field(6, fixed32: 2),
            Wire.tag(7, 0) + Wire.varint(5),  // a varint start time: unknown, start stays 0
            Wire.tag(1, 0) + [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],  // eleven bytes
            [0x8A, 0x80, 0x80, 0x80, 0x80, 0x00] + [0],  // a six-byte tag
        ]
        for kind in kinds {
            Self.expectSame(try Self.wrap(base + kind))
        }
        func kindOf(_ bytes: [UInt8]) throws -> Span.Kind? {
            Self.decoded(try Self.wrap(base + bytes))?.spans.first?.kind
        }
        #expect(try kindOf(kinds[0]) == .server)
        #expect(try kindOf(kinds[2]) == .client)
        #expect(try kindOf(kinds[3]) == .unspecified)
        #expect(Self.decoded(try Self.wrap(base + kinds[7])) == nil)
    }

    /// A message cut short anywhere is refused, as the reference refuses it (a cut between two
    /// top-level fields leaves a shorter valid request, for both).
    @Test func aTruncatedMessageIsRejected() throws {
        let bytes = try Self.request(
            [try Self.proto(name: "first"), try Self.proto(name: "second")], service: "svc", scope: "scope")
        #expect(Self.decoded(Array(bytes.dropLast())) == nil)
        for length in 0..<bytes.count {
            Self.expectSame(Array(bytes.prefix(length)))
        }
        // A length past the end, and a wire type protobuf does not have.
        Self.expectSame(Wire.tag(1, 2) + Wire.varint(1000) + [1, 2, 3])
        #expect(Self.decoded(Wire.tag(1, 2) + Wire.varint(1000) + [1, 2, 3]) == nil)
        Self.expectSame([0x0F, 0x00])
        Self.expectSame(Wire.tag(0, 0) + [0])
        Self.expectSame(Wire.tag(5, 4))
    }

    /// Protobuf's merge rules where traceload reads: the last value of a field wins, repeated
    /// resources and scopes merge, a resource or scope may come after its spans, the first
    /// `service.name` wins and one that is not a string is "".
    @Test func fieldOrderAndRepeatsAreReadAsTheReferenceReadsThem() throws {
        let span = try Self.spanBytes(name: "first") + Wire.field(5, bytes: Array("last".utf8))
            + Wire.field(1, bytes: [UInt8](repeating: 7, count: 16))
        let scopes = Wire.field(2, bytes: span) + Wire.field(1, bytes: Wire.field(1, bytes: Array("a".utf8)))
            + Wire.field(1, bytes: Wire.field(2, bytes: Array("version".utf8)))
            + Wire.field(1, bytes: Wire.field(1, bytes: Array("b".utf8)))
        let intService =
            Wire.field(1, bytes: Array("service.name".utf8)) + Wire.field(2, bytes: Wire.field(3, varint: 5))
        let cases: [[UInt8]] = [
            // Service after the spans; the first of two resources with a service.name wins.
            Wire.field(2, bytes: scopes) + Wire.field(1, bytes: Self.attribute("other", "x"))
                + Wire.field(1, bytes: Self.serviceAttribute("one"))
                + Wire.field(1, bytes: Self.serviceAttribute("two")),
            // A service.name that holds an int, then a string one.
            Wire.field(1, bytes: Wire.field(1, bytes: intService) + Self.serviceAttribute("later"))
                + Wire.field(2, bytes: scopes),
            // A value set twice: a string then an int (the oneof's last field decides), and back.
            Wire.field(
                1,
                bytes: Wire.field(
                    1,
                    bytes: Wire.field(1, bytes: Array("service.name".utf8))
                        + Wire.field(2, bytes: Wire.field(1, bytes: Array("s".utf8)))
                        + Wire.field(2, bytes: Wire.field(2, varint: 1)))) + Wire.field(2, bytes: scopes),
            Wire.field(
                1,
                bytes: Wire.field(
                    1,
                    bytes: Wire.field(2, bytes: Wire.field(3, varint: 1) + Wire.field(1, bytes: Array("s2".utf8)))
                        + Wire.field(1, bytes: Array("service.name".utf8)))) + Wire.field(2, bytes: scopes),
            // No resource at all.
            Wire.field(2, bytes: scopes),
        ]
        let services = ["one", "", "", "s2", "unknown"]
        for (bytes, service) in zip(cases.map { Wire.field(1, bytes: $0) }, services) {
            Self.expectSame(bytes)
            let spans = try #require(Self.decoded(bytes)?.spans)
            #expect(spans.map(\.name) == ["last"] && spans.map(\.scope) == ["b"] && spans.map(\.service) == [service])
            #expect(spans.first?.traceID == TraceID(high: 0x0707_0707_0707_0707, low: 0x0707_0707_0707_0707))
        }
    }

    /// A kept name that is not UTF-8 fails the request, as in SwiftProtobuf; an attribute's
    /// is not looked at (the one leniency).
    @Test func aNameThatIsNotUTF8FailsTheRequest() throws {
        let bad: [UInt8] = [0x66, 0xFF, 0x6F]
        Self.expectSame(try Self.wrap(try Self.spanBytes(name: "x") + Wire.field(5, bytes: bad)))
        #expect(Self.decoded(try Self.wrap(try Self.spanBytes(name: "x") + Wire.field(5, bytes: bad))) == nil)
        let badAttribute = Wire.field(9, bytes: Wire.field(1, bytes: bad))
        #expect(Self.reference(try Self.wrap(try Self.spanBytes(name: "x") + badAttribute)) == nil)
        #expect(Self.decoded(try Self.wrap(try Self.spanBytes(name: "x") + badAttribute))?.spans.count == 1)
    }

    /// Names are made once per receiver, and past its capacity the interner still answers.
    @Test func namesAreInternedWithinTheirBound() throws {
        var interner = StringInterner(capacity: 3)
        var made: [String] = []
        let names = ["a-long-name-of-the-span-number-1", "short", "a-long-name-of-the-span-number-1", "x", "y", "z", "x"]
        for name in names {
            let string = Array(name.utf8).withUnsafeBytes { interner.string($0) }
            made.append(try #require(string))
        }
        #expect(made == names)
        #expect(interner.count == 3)
        var large = StringInterner()
        for index in 0..<1000 {
            let name = "name-\(index)"
            #expect(Array(name.utf8).withUnsafeBytes { large.string($0) } == name)
        }
        for index in stride(from: 0, to: 1000, by: 7) {
            let name = "name-\(index)"
            #expect(Array(name.utf8).withUnsafeBytes { large.string($0) } == name)
        }
        #expect(large.count == 1000)
        #expect([UInt8]().withUnsafeBytes { large.string($0) } == "")
    }

    // MARK: - Making requests

    static func proto(name: String) throws -> Opentelemetry_Proto_Trace_V1_Span {
        var proto = Opentelemetry_Proto_Trace_V1_Span()
        proto.traceID = Data((0..<16).map { UInt8($0 + 1) })
        proto.spanID = Data((0..<8).map { UInt8($0 + 100) })
        proto.name = name
        proto.kind = .client
        proto.startTimeUnixNano = 1_795_545_249_657_083_841
        proto.endTimeUnixNano = 1_795_545_249_657_110_050
        var attribute = Opentelemetry_Proto_Common_V1_KeyValue()
        attribute.key = "rpc.system"
        attribute.value.stringValue = "grpc"
        proto.attributes = [attribute]
        return proto
    }

    static func spanBytes(name: String) throws -> [UInt8] { try proto(name: name).serializedBytes() }

    static func request(_ spans: [Opentelemetry_Proto_Trace_V1_Span], service: String, scope: String) throws
        -> [UInt8]
    {
        var request = Request()
        var resource = Opentelemetry_Proto_Trace_V1_ResourceSpans()
        var name = Opentelemetry_Proto_Common_V1_KeyValue()
        name.key = "service.name"
        name.value.stringValue = service
        resource.resource.attributes = [name]
        var scopeSpans = Opentelemetry_Proto_Trace_V1_ScopeSpans()
        scopeSpans.scope.name = scope
        scopeSpans.spans = spans
        resource.scopeSpans = [scopeSpans]
        request.resourceSpans = [resource]
        return try request.serializedBytes()
    }

    /// One span's bytes in a request of one resource (service "svc") and one scope.
    static func wrap(_ span: [UInt8]) throws -> [UInt8] {
        let scope = Wire.field(1, bytes: Wire.field(1, bytes: Array("scope".utf8))) + Wire.field(2, bytes: span)
        return Wire.field(1, bytes: Wire.field(1, bytes: serviceAttribute("svc")) + Wire.field(2, bytes: scope))
    }

    static func attribute(_ key: String, _ value: String) -> [UInt8] {
        let anyValue = Wire.field(2, bytes: Wire.field(1, bytes: Array(value.utf8)))
        return Wire.field(1, bytes: Wire.field(1, bytes: Array(key.utf8)) + anyValue)
    }

    static func serviceAttribute(_ service: String) -> [UInt8] { attribute("service.name", service) }
}
