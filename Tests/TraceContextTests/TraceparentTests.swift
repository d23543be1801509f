import Testing
import TraceContext

@Suite struct TraceparentTests {
    @Test func traceparentFlagsAreExactly01Or00() throws {
        let id = TraceID(high: 0x0123_4567_89ab_cdef, low: 0xfedc_ba98_7654_3210)
        #expect(
            Traceparent.header(traceID: id, spanID: 0x1a, sampled: true)
                == "00-0123456789abcdeffedcba9876543210-000000000000001a-01")
        #expect(Traceparent.header(traceID: id, spanID: 0x1a, sampled: false).hasSuffix("-00"))
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<100 {
            let header = Traceparent.unsampled(&rng)
            let parsed = try #require(Traceparent.parse(header))
            #expect(parsed.flags == 0 && header.count == 55)
        }
    }

    @Test func parseRefusesWhatIsNotAVersion00Header() {
        #expect(Traceparent.parse("01-0123456789abcdeffedcba9876543210-000000000000001a-01") == nil)
        #expect(Traceparent.parse("00-0123456789abcdeffedcba987654321-000000000000001a-01") == nil)
        #expect(Traceparent.parse("00-0123456789abcdeffedcba9876543210-000000000000001a") == nil)
        let parsed = Traceparent.parse("00-0123456789abcdeffedcba9876543210-000000000000001a-03")
        #expect(parsed?.flags == 3 && parsed?.spanID == 0x1a)
    }
}
