import Testing

@testable import Traces

@Suite struct SpanTests {
    /// A trace file's spans are most of `analyze --traces`' memory: `kind` sits in the padding
    /// after `parentSpanID` (an optional UInt64: 9 bytes).
    @Test func aSpanIsNoLargerThanItsFields() {
        #expect(MemoryLayout<Span>.stride == 104)
    }
}
