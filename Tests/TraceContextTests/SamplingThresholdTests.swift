import Testing
import TraceContext

@Suite struct SamplingThresholdTests {
    @Test func samplingThresholdMatchesItsFraction() {
        var rng = SeededGenerator(seed: 1)
        let tenth = SamplingThreshold(fraction: 0.1)
        let hits = (0..<100_000).filter { _ in tenth.sample(rng.next()) }.count
        #expect((9_700...10_300).contains(hits))
        #expect(!(0..<1000).contains { _ in SamplingThreshold(fraction: 0).sample(rng.next()) })
        #expect((0..<1000).allSatisfy { _ in SamplingThreshold(fraction: 1).sample(rng.next()) })
    }
}
