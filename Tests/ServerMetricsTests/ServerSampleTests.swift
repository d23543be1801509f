import Foundation
import Testing

@testable import ServerMetrics

@Suite struct ServerSampleTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func snapshot(at seconds: Double, cpu: Double, ready: Double) -> MetricsSnapshot {
        MetricsSnapshot(
            time: start.addingTimeInterval(seconds),
            text: """
                process_cpu_seconds_total \(cpu)
                milvus_querynode_read_task_ready_len{node_id="1"} \(ready)
                milvus_querynode_read_task_ready_len{node_id="2"} 1

                """)
    }

    @Test func cpuIsARatePerSecondAndGaugesAreSummedOverPods() {
        let snapshots = [
            Self.snapshot(at: 0, cpu: 10, ready: 0), Self.snapshot(at: 1, cpu: 11.5, ready: 4),
            Self.snapshot(at: 2, cpu: 13.5, ready: 2), Self.snapshot(at: 3, cpu: 14, ready: 0),
        ]
        let timeline = ServerSample.timeline(snapshots, start: Self.start, seconds: 3)
        #expect(timeline.map(\.second) == [0, 1, 2])
        #expect(timeline.map { $0.values["cpu_cores"] } == [1.5, 2, 0.5])
        #expect(timeline.map { $0.values["read_tasks_ready"] } == [5, 3, 1])
        // A series Milvus does not expose stays absent, not zero.
        #expect(timeline[0].values["compactions"] == nil)
    }

    /// A Prometheus that scrapes every 5 s: the rate is the increase over the scrape interval
    /// around each second, not a spike and four zeros.
    @Test func sparseSamplesGiveSteps() {
        let snapshots = [Self.snapshot(at: -0.5, cpu: 0, ready: 0), Self.snapshot(at: 4.5, cpu: 10, ready: 7)]
        let timeline = ServerSample.timeline(snapshots, start: Self.start, seconds: 4)
        #expect(timeline.map { $0.values["cpu_cores"] } == [2, 2, 2, 2])
        #expect(timeline.map { $0.values["read_tasks_ready"] } == [1, 1, 1, 1])
    }
}
