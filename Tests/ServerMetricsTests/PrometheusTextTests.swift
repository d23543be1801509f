import Foundation
import TestFixtures
import Testing

@testable import ServerMetrics

@Suite struct PrometheusTextTests {
    @Test func readsTheProcessFiguresOfTheRecordedMilvusPage() throws {
        let text = try String(contentsOfFile: Fixtures.path("milvus-2.3.5/metrics-9091.txt"), encoding: .utf8)
        let metrics = try #require(ServerProcessMetrics(MetricsSnapshot(text: text)))
        #expect(metrics.cpuSeconds == 730.71)
        #expect(metrics.residentBytes == 4.4111872e+08)
        let samples = PrometheusText.parse(text)
        let sampleLines = text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(samples.count == sampleLines.count, "every sample line of the real page parses")
        // Milvus's own labelled series come through with their labels.
        #expect(samples.contains { $0.name.hasPrefix("milvus_") && !$0.labels.isEmpty })
        #expect(samples.contains { $0.name.hasSuffix("_bucket") && $0.labels["le"] == "+Inf" })
        // Only the families asked for, a histogram's three series included.
        let some = PrometheusText.parse(
            text, families: ["milvus_querynode_sq_queue_latency", "process_cpu_seconds_total"])
        #expect(
            Set(some.map(\.name)) == [
                "milvus_querynode_sq_queue_latency_bucket", "milvus_querynode_sq_queue_latency_sum",
                "milvus_querynode_sq_queue_latency_count", "process_cpu_seconds_total",
            ])
    }

    @Test func handlesEscapesSpecialValuesAndSkipsJunk() {
        let text = """
            # HELP x a metric
            x{path="a\\"b,c",le="+Inf"} +Inf 1700000000000
            y 1.5e3
            z{} NaN
            this line is not a sample
            w{unterminated="x 3

            """
        let samples = PrometheusText.parse(text)
        #expect(samples.map(\.name) == ["x", "y", "z"])
        #expect(samples[0].labels == ["path": "a\"b,c", "le": "+Inf"])
        #expect(samples[0].value == .infinity)
        #expect(samples[1].value == 1500)
        #expect(samples[2].value.isNaN)
        #expect(ServerProcessMetrics(MetricsSnapshot(text: text)) == nil)
    }
}
