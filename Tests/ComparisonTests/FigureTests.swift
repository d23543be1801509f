import Testing

@testable import Comparison

@Suite struct FigureTests {
    @Test func theClientsCPUBeyondIdleLeadsWhenItWasMeasured() {
        let keys: Set = ["client_cpu_ms_per_req", "client_work_ms_per_req", "server_cpu_ms_per_req", "throughput_per_s"]
        #expect(
            Figure.headlines(in: keys, openLoopOnly: false)
                == ["client_work_ms_per_req", "server_cpu_ms_per_req", "throughput_per_s"])
        #expect(
            Figure.headlines(in: keys.subtracting(["client_work_ms_per_req"]), openLoopOnly: false).first
                == "client_cpu_ms_per_req")
        #expect(Figure.order(keys).prefix(2) == ["client_work_ms_per_req", "client_cpu_ms_per_req"])
        #expect(Figure(key: "client_work_ms_per_req").label == "client CPU per request beyond idle")
    }

    @Test func atFixedRatesTheMediansLeadInsteadOfThroughput() {
        let keys: Set = ["client_cpu_ms_per_req", "throughput_per_s", "search.p50_ms", "search.p99_ms"]
        #expect(Figure.headlines(in: keys, openLoopOnly: true) == ["client_cpu_ms_per_req", "search.p50_ms"])
    }
}
