import Foundation
import Results
import ServerMetrics
import TestFixtures
import Testing

@testable import Findings

/// Each rule on runs whose cause is known: it names the cause with its figures, and stays silent
/// when its evidence is absent.
@Suite struct FindingsTests {
    /// A stage row with `count` observations of mean `mean` ms.
    static func stage(_ name: String, _ labels: String, mean: Double, count: Double, operation: String = "search")
        -> StageRow
    {
        StageRow(
            phase: "search", stage: name, operation: operation, labels: labels, metric: name, unit: .milliseconds,
            histogram: BucketHistogram(bounds: [.infinity], cumulative: [count], sum: mean * count, count: count))
    }

    /// A search phase of `workers` closed-loop workers, 1,000 searches of 40 ms, with Milvus's
    /// stages and timeline as given.
    static func run(
        workers: Int = 8, stages: [StageRow], timeline: [String: Double], latencyMs: Double = 40, rate: Double? = nil,
        unsent: Int? = nil
    ) -> RunRecord {
        var result = SampleRuns.phaseResult(name: "search", latenciesMs: Array(repeating: latencyMs, count: 1000))
        result.phase.workers = workers
        var record = SampleRuns.run([result])
        record.phases[0].server = PhaseServerMetrics(
            stages: stages, timeline: (0..<10).map { ServerSample(second: $0, values: timeline) })
        record.phases[0].rate = rate.map { RateRecord(start: $0, end: $0) }
        record.phases[0].unsent = unsent
        record.environment.cpuCores = 2
        return record
    }

    static let saturatedStages = [
        stage("querynode.queue", "query_type=search", mean: 34, count: 2000),
        stage("querynode.segcore", "query_type=search", mean: 30, count: 1000),
    ]

    @Test func aSaturatedQueryNodeIsNamedWithItsQueueItsWorkAndItsCPU() throws {
        let findings = Findings.of(Self.run(stages: Self.saturatedStages, timeline: ["cpu_cores": 1.9]))
        let finding = try #require(findings.first { $0.rule == "queue-saturation" })
        #expect(finding.statement.hasPrefix("The query node is saturated: each sub-search waited 34.0 ms in the read queue"))
        #expect(finding.statement.contains("1.9 of 2 cores") && finding.statement.contains("more concurrency adds latency"))
        // 34 ms a sub-search of a 40 ms search; without the delegator's figures the two sub-searches
        // are counted once (they may run side by side): 85%, not 2 × 34 / 40.
        #expect(abs((finding.share ?? 0) - 0.85) < 0.005)
        #expect(finding.statement.hasSuffix("counted once a request: how its sub-requests overlap was not measured"))
        #expect(finding.evidence.contains { $0.name == "querynode.queue mean" && $0.value == 34 })
        #expect(finding.action?.contains("workers instead of 8") == true)
    }

    /// An open loop sends on schedule whatever its workers: the advice is about the rate.
    @Test func aSaturatedOpenLoopIsToldAboutItsRateNotItsWorkers() throws {
        let findings = Findings.of(Self.run(workers: 16, stages: Self.saturatedStages, timeline: ["cpu_cores": 1.9], rate: 50))
        let finding = try #require(findings.first { $0.rule == "queue-saturation" })
        #expect(finding.action?.contains("a lower rate") == true)
        #expect(finding.action?.contains("workers") == false)
        // And one worker is one worker.
        let one = Findings.of(
            Self.run(
                workers: 2,
                stages: [
                    Self.stage("querynode.queue", "query_type=search", mean: 60, count: 2000),
                    Self.stage("querynode.segcore", "query_type=search", mean: 10, count: 1000),
                ], timeline: ["cpu_cores": 1.9], latencyMs: 80))
        #expect(try #require(one.first { $0.rule == "queue-saturation" }).action?.hasPrefix("about 1 worker instead of 2") == true)
    }

    /// A queue wait longer than the whole requests' latency cannot be theirs: a caveat on Milvus's
    /// figure, not a cause.
    @Test func aQueueLongerThanTheRequestsIsACaveat() throws {
        let stages = [
            Self.stage("querynode.queue", "query_type=search", mean: 90, count: 2000),
            Self.stage("querynode.segcore", "query_type=search", mean: 30, count: 1000),
        ]
        let findings = Findings.of(Self.run(stages: stages, timeline: ["cpu_cores": 1.9]))
        let finding = try #require(findings.first { $0.rule == "queue-saturation" })
        #expect(finding.status == .caveat && finding.share == nil)
        #expect(finding.statement.hasPrefix("Milvus's read queue for searches mixes other work: 90.0 ms a sub-search against 40.0 ms a search"))
        let plain = try #require(
            Findings.of(Self.run(stages: Self.saturatedStages, timeline: ["cpu_cores": 1.9])).first { $0.rule == "queue-saturation" })
        #expect(plain.status == .finding)
    }

    @Test func oneWorkerOnAnIndexedCollectionIsNotSaturated() {
        let stages = [
            Self.stage("querynode.queue", "query_type=search", mean: 0.1, count: 200),
            Self.stage("querynode.segcore", "query_type=search", mean: 1.5, count: 200),
        ]
        let findings = Findings.of(Self.run(workers: 1, stages: stages, timeline: ["cpu_cores": 0.3]))
        #expect(!findings.contains { $0.rule == "queue-saturation" })
    }

    @Test func aQueueWithCPUToSpareIsTheQueuesLimitNotTheCPU() throws {
        let findings = Findings.of(Self.run(stages: Self.saturatedStages, timeline: ["cpu_cores": 0.4, "machine_cpu_cores": 0.6]))
        let finding = try #require(findings.first { $0.rule == "queue-saturation" })
        #expect(finding.statement.contains("the queue's concurrency limit holds them, not the CPU"))
    }

    @Test func withoutMilvusMetricsTheMilvusRulesAreSilent() {
        let findings = Findings.of(Self.run(stages: [], timeline: [:]))
        #expect(findings.allSatisfy { !["queue-saturation", "growing-segments", "background-work"].contains($0.rule) })
    }

    @Test func searchesOnGrowingSegmentsAreNamedWithTheRowsAndBothSegmentTimes() throws {
        let stages = [
            Self.stage("querynode.segment", "query_type=search;segment_state=Growing", mean: 12, count: 900),
            Self.stage("querynode.segment", "query_type=search;segment_state=Sealed", mean: 2, count: 1000),
        ]
        let findings = Findings.of(Self.run(stages: stages, timeline: ["growing_rows": 180_000]))
        let finding = try #require(findings.first { $0.rule == "growing-segments" })
        #expect(finding.statement.contains("up to 180,000 rows"))
        #expect(finding.statement.contains("12.0 ms per sub-search against 2.0 ms for a sealed, indexed one"))
        #expect(finding.partial == nil)
        // Few rows in growing segments: nothing worth saying.
        let few = Findings.of(Self.run(stages: stages, timeline: ["growing_rows": 200]))
        #expect(!few.contains { $0.rule == "growing-segments" })
    }

    @Test func indexBuildingDuringThePhaseSaysWhatCPUItTook() throws {
        var record = Self.run(stages: [Self.stage("indexnode.build", "", mean: 4000, count: 3, operation: "index")], timeline: [:])
        record.phases[0].server?.timeline = (0..<10).map {
            ServerSample(second: $0, values: ["cpu_cores": $0 < 5 ? 1.8 : 1.0, "index_tasks": $0 < 5 ? 1 : 0])
        }
        let finding = try #require(Findings.of(record).first { $0.rule == "background-work" })
        #expect(finding.statement.contains("built 3 segment indexes (4.0 s each)"))
        #expect(finding.statement.contains("1.8 cores in those seconds against 1.0 in the others (about 44% of its CPU"))
    }

    @Test func aLoadGeneratorSharingTheMachineIsNamed() throws {
        let findings = Findings.of(
            Self.run(stages: [], timeline: ["machine_cpu_cores": 1.96, "client_cpu_cores": 0.6, "cpu_cores": 1.3]))
        let finding = try #require(findings.first { $0.rule == "shared-machine" })
        #expect(finding.statement.hasPrefix("traceload shares the machine with Milvus: the machine ran at 2.0 of 2 cores, traceload took 0.6"))
        let quiet = Findings.of(
            Self.run(stages: [], timeline: ["machine_cpu_cores": 0.5, "client_cpu_cores": 0.1, "cpu_cores": 0.4]))
        #expect(!quiet.contains { $0.rule == "shared-machine" })
    }

    /// A quickstart run while a compiler held the machine (figures of a real run: the machine at
    /// 2.0 cores, Milvus at 0.24, traceload at 0.2; queue 95 ms against 105 ms of work): the queue
    /// is the machine's, and "more query node CPU" would be the wrong advice.
    @Test func aMachineFullOfOtherWorkIsNamedAndTheQueueBlamedOnIt() throws {
        let stages = [
            Self.stage("querynode.queue", "query_type=search", mean: 95, count: 2000),
            Self.stage("querynode.segcore", "query_type=search", mean: 105, count: 2000),
        ]
        let findings = Findings.of(
            Self.run(
                stages: stages, timeline: ["machine_cpu_cores": 1.99, "client_cpu_cores": 0.2, "cpu_cores": 0.24],
                latencyMs: 400))
        // It comes first: every other finding of the phase stands on a busy machine.
        let machine = try #require(findings.first)
        #expect(machine.rule == "shared-machine")
        #expect(machine.statement.hasPrefix("Other processes took 1.5 of the machine's 2 cores"), "\(machine.statement)")
        let queue = try #require(findings.first { $0.rule == "queue-saturation" })
        #expect(queue.statement.contains("Milvus waited for CPU that other processes held"), "\(queue.statement)")
        #expect(queue.action?.contains("more query node CPU") == false)
        // Milvus itself at the limit: the query node's own saturation, as before.
        let own = Findings.of(
            Self.run(
                stages: stages, timeline: ["machine_cpu_cores": 1.99, "client_cpu_cores": 0.2, "cpu_cores": 1.7], latencyMs: 400))
        #expect(own.first { $0.rule == "queue-saturation" }?.statement.hasPrefix("The query node is saturated") == true)
        #expect(!own.contains { $0.rule == "shared-machine" && $0.statement.hasPrefix("Other processes") })
    }

    @Test func anOpenLoopPhaseBehindItsRateSaysWhereTheBacklogFormed() throws {
        let record = Self.run(workers: 4, stages: [], timeline: [:], latencyMs: 40, rate: 200, unsent: 300)
        let finding = try #require(Findings.of(record).first { $0.rule == "fell-behind" })
        #expect(finding.statement.contains("300 of 1300 requests due were not sent"))
        #expect(finding.statement.contains("all 4 workers were busy: at 40.0 ms a request from its send, 200/s needs about 8 in flight"))
    }

    @Test func moreWorkersThatBoughtOnlyLatencyAreUselessConcurrency() throws {
        let few = SampleRuns.phaseResult(name: "two", latenciesMs: Array(repeating: 10, count: 2000))
        var many = SampleRuns.phaseResult(name: "eight", latenciesMs: Array(repeating: 40, count: 2010))
        many.phase.workers = 8
        let record = SampleRuns.run([few, many])
        let finding = try #require(Findings.of(record).first { $0.rule == "useless-concurrency" })
        #expect(finding.statement.contains("from 2 workers (phase two) to 8"))
        #expect(finding.statement.contains("p50 went from 10.0 to 40.0 ms"))
    }
}
