import Scenario
import Testing

@testable import Comparison

@Suite struct FigureTests {
    @Test func theClientsCPUBeyondIdleLeadsWhenItWasMeasured() {
        let keys: Set<FigureKey> = [.clientCPU, .clientWork, .serverCPU, .throughput]
        #expect(Figure.headlines(in: keys, openLoopOnly: false) == [.clientWork, .serverCPU, .throughput])
        #expect(Figure.headlines(in: keys.subtracting([.clientWork]), openLoopOnly: false).first == .clientCPU)
        #expect(Figure.order(keys).prefix(2) == [.clientWork, .clientCPU])
        #expect(Figure(key: .clientWork).label == "client CPU per request beyond idle")
    }

    @Test func atFixedRatesTheMediansLeadInsteadOfThroughput() {
        let keys: Set<FigureKey> = [.clientCPU, .throughput, FigureKey(.search, .p50), FigureKey(.search, .p99)]
        #expect(Figure.headlines(in: keys, openLoopOnly: true) == [.clientCPU, FigureKey(.search, .p50)])
    }
}
