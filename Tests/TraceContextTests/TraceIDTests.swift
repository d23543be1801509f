import Foundation
import Testing
import TraceContext

@Suite struct TraceIDTests {
    @Test func hexBytesAndJSONAgree() throws {
        let id = TraceID(high: 0x0123_4567_89ab_cdef, low: 0x0000_0000_0000_00ff)
        #expect(id.description == "0123456789abcdef00000000000000ff")
        #expect(TraceID(hex: id.description) == id)
        #expect(TraceID(bytes: [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0, 0, 0, 0, 0, 0, 0, 0xff]) == id)
        let json = try JSONEncoder().encode([id])
        #expect(String(decoding: json, as: UTF8.self) == "[\"0123456789abcdef00000000000000ff\"]")
        #expect(try JSONDecoder().decode([TraceID].self, from: json) == [id])
    }

    /// Jaeger shortens ids whose high half is zero to 16 digits.
    @Test func sixteenDigitIdsAreTheLowHalf() {
        #expect(TraceID(hex: "00000000000000ff") == TraceID(high: 0, low: 0xff))
        #expect(TraceID(hex: "xyz") == nil)
        #expect(TraceID(bytes: [1, 2, 3]) == nil)
        #expect(SpanID.parse(SpanID.hex(0x1a)) == 0x1a && SpanID.hex(0x1a) == "000000000000001a")
    }
}
