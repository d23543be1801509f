import Foundation
import TestFixtures
import Testing

@testable import ServerMetrics

/// The recorded search phase under load: Milvus's page before and after it
/// (Tests/Fixtures/milvus-2.3.5/search-under-load). Expected figures were computed from the two
/// pages by a separate script (Python, reading the text directly).
@Suite struct StageDeltasTests {
    static func page(_ name: String) -> MetricsSnapshot {
        MetricsSnapshot(
            text: try! String(contentsOfFile: Fixtures.path("milvus-2.3.5/search-under-load/\(name)"), encoding: .utf8))
    }

    static let rows = StageDeltas.rows(
        phase: "search", before: page("metrics-before.txt"), after: page("metrics-after.txt"))

    static func row(_ stage: String, _ labels: String) throws -> StageRow {
        try #require(rows.first { $0.stage == stage && $0.labels == labels }, "\(stage) {\(labels)}")
    }

    @Test func theUntracedStagesOfTheSearchPhase() throws {
        let queue = try Self.row("querynode.queue", "query_type=search")
        #expect(queue.count == 2624 && queue.histogram.sum == 96514)
        #expect(abs(queue.mean! - 36.78125) < 1e-9)
        #expect(abs(queue.quantile(0.5)! - 28.59050064184852) < 1e-9)
        #expect(abs(queue.quantile(0.9)! - 90.1133689839572) < 1e-9)
        #expect(abs(queue.quantile(0.99)! - 174.08) < 1e-9)
        #expect(queue.operation == "search" && queue.metric == "milvus_querynode_sq_queue_latency")

        let wait = try Self.row("proxy.wait_result", "query_type=search")
        #expect(wait.count == 1312 && abs(wait.mean! - 118.29878048780488) < 1e-9)
        #expect(abs(wait.quantile(0.99)! - 365.9686956521726) < 1e-9)
        let segcore = try Self.row("querynode.segcore", "query_type=search")
        #expect(segcore.count == 2099 && abs(segcore.mean! - 30.55121486422106) < 1e-9)
        let fromLeader = try Self.row("querynode.request", "query_type=search;scope=FromLeader")
        #expect(fromLeader.count == 2624 && abs(fromLeader.quantile(0.5)! - 96.43072050673001) < 1e-9)
        #expect(try Self.row("querynode.request", "query_type=search;scope=OnLeader").count == 1312)
        let sealed = try Self.row("querynode.segment", "query_type=search;segment_state=Sealed")
        #expect(sealed.count == 1007)
        // How many searches the query node merged: 2,624 sub-searches in 1,060 tasks.
        let groups = try Self.row("querynode.search_group_size", "")
        #expect(
            groups.count == 1060 && groups.histogram.sum == 2624 && groups.unit == .count
                && groups.operation == "search")
        #expect(groups.histogram.cumulative.first == 523)
        // node_id is added up over pods, never a label of a stage.
        #expect(!Self.rows.contains { $0.labels.contains("node_id") })
        // Stages that did not run in the phase are left out.
        #expect(Self.rows.allSatisfy { $0.count > 0 })
    }

    @Test func thePhaseBeforeWasInserts() throws {
        let insert = try Self.row("proxy.request", "msg_type=insert")
        #expect(insert.operation == "insert" && insert.count > 0)
    }

    /// Two pods (as two pages of a cluster read directly): their series are added up; one pod
    /// restarted during the phase, so all it counted since is new.
    @Test func podsAddUpAndARestartedPodCountsFromZero() {
        func page(node: Int, count: Double, sum: Double) -> String {
            """
            milvus_querynode_sq_queue_latency_bucket{node_id="\(node)",query_type="search",le="10"} \(count)
            milvus_querynode_sq_queue_latency_bucket{node_id="\(node)",query_type="search",le="+Inf"} \(count)
            milvus_querynode_sq_queue_latency_sum{node_id="\(node)",query_type="search"} \(sum)
            milvus_querynode_sq_queue_latency_count{node_id="\(node)",query_type="search"} \(count)

            """
        }
        var before = MetricsSnapshot(text: page(node: 1, count: 100, sum: 500))
        before.add(PrometheusText.parse(page(node: 2, count: 400, sum: 2000)))
        var after = MetricsSnapshot(text: page(node: 1, count: 150, sum: 700))
        after.add(PrometheusText.parse(page(node: 2, count: 30, sum: 90)))  // restarted
        after.add(PrometheusText.parse(page(node: 3, count: 20, sum: 40)))  // new pod
        let queue = StageDeltas.rows(phase: "p", before: before, after: after).first { $0.stage == "querynode.queue" }
        #expect(queue?.count == 50 + 30 + 20 && queue?.histogram.sum == 200 + 90 + 40)
    }
}
