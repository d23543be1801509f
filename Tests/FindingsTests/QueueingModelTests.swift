import Results
import TestFixtures
import Testing

@testable import Findings

/// Findings over facts generated from a simulated query node whose truth is known, checked
/// against it. A closed loop of N workers on `cores` cores, `background` of them held by other
/// processes; by Little's law a saturated node queues a search about Q = N × 2S / (cores −
/// background) − S − 2 ms (S the service time of a sub-search, 2 ms client, wire and proxy).
/// Each simulated search sends two sub-searches side by side and waits for the slower: both enter
/// the queue together, so their waits follow the request's (± 20%), and their service times vary
/// (± 30%). Milvus's queue and segcore histograms also count other work (a fifth more sub-requests:
/// Milvus's own, in the same queue, so waiting as long, but cheap to serve). The facts are derived
/// as a run would record them: the latency table from each search, the stages' means and counts,
/// the traces' components. The truth is what removing the queue takes off the mean latency, the
/// searches simulated again without their waits.
@Suite struct QueueingModelTests {
    /// A fixed-seed generator (SplitMix64): the same draws on every run.
    struct Draws {
        var state: UInt64
        mutating func unit() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        /// Uniform within ± `spread` of `mean`.
        mutating func around(_ mean: Double, _ spread: Double) -> Double { mean * (1 - spread + 2 * spread * unit()) }
    }

    struct Model: CustomStringConvertible {
        var workers: Int
        var cores: Int
        var serviceMs: Double
        var background: Double
        static let searches = 2000

        var queueMs: Double { Double(workers) * 2 * serviceMs / (Double(cores) - background) - serviceMs - 2 }
        var description: String { "\(workers) workers, \(cores) cores, S \(serviceMs) ms, background \(background)" }

        /// One simulated search: each sub-search's queue wait and service time.
        struct Search {
            var queue: (Double, Double)
            var service: (Double, Double)
            var queryNode: Double { max(queue.0 + service.0, queue.1 + service.1) }
            var withoutQueue: Double { max(service.0, service.1) }
            /// The traced segcore work: the slower sub-search's, on the request's path.
            var tracedWork: Double { queue.0 + service.0 >= queue.1 + service.1 ? service.0 : service.1 }
        }

        func simulate() -> [Search] {
            var draws = Draws(state: UInt64(workers * 1000 + cores) &* 31 &+ UInt64(serviceMs * 10 + background))
            return (0..<Self.searches).map { _ in
                // The request's wait, from half to one and a half of the mean; its sub-searches' about it.
                let wait = draws.around(queueMs, 0.5)
                return Search(
                    queue: (draws.around(wait, 0.2), draws.around(wait, 0.2)),
                    service: (draws.around(serviceMs, 0.3), draws.around(serviceMs, 0.3)))
            }
        }

        func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

        /// The share of the mean latency that removing the queue takes off.
        var truth: Double {
            let searches = simulate()
            let latency = mean(searches.map { 2 + $0.queryNode })
            return (latency - mean(searches.map { 2 + $0.withoutQueue })) / latency
        }

        /// The facts traceload would record of it: stage histograms, the CPU timeline, the traced
        /// breakdown (the queue untraced inside Proxy-Search-Execute, segcore traced).
        func run() -> RunRecord {
            let searches = simulate()
            let n = Double(searches.count)
            let queues = searches.flatMap { [$0.queue.0, $0.queue.1] }
            let services = searches.flatMap { [$0.service.0, $0.service.1] }
            // Other work: a fifth more sub-requests, waiting as long in the same queue, served in 0.1 ms.
            let others = Double(queues.count) / 5
            let queueMean = (queues.reduce(0, +) + others * mean(queues)) / (Double(queues.count) + others)
            let workMean = (services.reduce(0, +) + others * 0.1) / (Double(services.count) + others)
            let stages = [
                Constructed.stage("querynode.queue", "query_type=search", mean: queueMean, count: 2 * n + others),
                Constructed.stage("querynode.segcore", "query_type=search", mean: workMean, count: 2 * n + others),
                Constructed.stage(
                    "querynode.request", "query_type=search;scope=OnLeader", mean: mean(searches.map(\.queryNode)), count: n),
                Constructed.stage(
                    "querynode.request", "query_type=search;scope=FromLeader",
                    mean: mean(zip(queues, services).map { $0 + $1 }), count: 2 * n),
            ]
            let busy = Double(cores) - background
            let phase = Constructed.phase(
                workers: workers, stages: stages,
                timeline: ["cpu_cores": busy, "machine_cpu_cores": Double(cores), "client_cpu_cores": 0],
                latenciesMs: searches.map { 2 + $0.queryNode })
            let untraced = mean(searches.map { $0.queryNode - $0.tracedWork })
            let breakdown = Constructed.breakdown(
                components: [("client+wire", 1), ("proxy", 1 + untraced), ("segcore", mean(searches.map(\.tracedWork)))],
                untraced: [("Proxy-Search-Execute", untraced)])
            return Constructed.run(cores: cores, [phase], breakdowns: [breakdown])
        }
    }

    static let models: [Model] = {
        var models: [Model] = []
        for cores in [2, 8, 64] {
            for perCore in [4, 16, 64] {
                for service: Double in [2, 20] {
                    for background: Double in [0, 0.5] {
                        let model = Model(
                            workers: perCore * cores / 2, cores: cores, serviceMs: service,
                            background: background * Double(cores))
                        if model.queueMs >= 2 { models.append(model) }
                    }
                }
            }
        }
        return models
    }()

    @Test func theModelsSpanShortAndLongQueues() {
        let truths = Self.models.map(\.truth)
        #expect(Self.models.count >= 20)
        #expect(truths.min()! < 0.5 && truths.max()! > 0.9, "\(truths)")
    }

    @Test(arguments: models) func eachStatedShareIsWithinTenPointsOfTheSimulatedTruth(model: Model) async throws {
        let (findings, truth) = try await onItsOwnThread {
            (Findings.of(model.run()).filter { $0.status == .finding && $0.operation == "search" }, model.truth)
        }
        let queue = try #require(findings.first { $0.rule == "queue-saturation" })
        #expect(abs((queue.share ?? 0) - truth) <= 0.1, "\(queue.share ?? -1) against \(truth)")
        #expect(queue.statement.contains("its 2 sub-requests run side by side"), "\(queue.statement)")
        // The untraced wait is the queue and the faster sub-search's lead: little beyond it.
        if let wait = findings.first(where: { $0.rule == "untraced-wait" }) {
            #expect((wait.share ?? 0) <= 0.1, "\(wait.statement)")
        }
        #expect(findings.compactMap(\.share).reduce(0, +) <= 1 + 1e-9)
        // Other processes holding half the cores are named as what the queue waited for.
        if model.background > 0 {
            #expect(queue.statement.contains("Milvus waited for CPU that other processes held"), "\(queue.statement)")
        } else {
            #expect(queue.statement.hasPrefix("The query node is saturated"), "\(queue.statement)")
        }
    }
}
