import Results
import Testing

@testable import Findings

/// Findings over facts generated from a simple queueing model whose truth is known, checked
/// against it: a closed loop of N workers, each search split into two sub-searches that run side
/// by side on a query node of `cores` cores, each taking S ms of one core; `background` cores held
/// by other processes. Saturated, the node serves cores − background cores' worth of sub-searches,
/// so X = (cores − background) / (2 S) searches a millisecond and, by Little's law, a search
/// takes R = N / X; what is not work (S), the client and wire (1 ms) and the proxy's own work
/// (1 ms) is the queue, Q = R − S − 2, and removing it takes Q off R: the truth is Q / R.
@Suite struct QueueingModelTests {
    struct Model: CustomStringConvertible {
        var workers: Int
        var cores: Int
        var serviceMs: Double
        var background: Double

        var latency: Double { max(serviceMs + 2, Double(workers) * 2 * serviceMs / (Double(cores) - background)) }
        var queue: Double { latency - serviceMs - 2 }
        var truth: Double { queue / latency }
        var description: String { "\(workers) workers, \(cores) cores, S \(serviceMs) ms, background \(background)" }

        /// The facts traceload would record of it: stage histograms, the CPU timeline, the
        /// traced breakdown (the queue untraced inside Proxy-Search-Execute, segcore traced).
        func run() -> RunRecord {
            let subRequest = serviceMs + queue
            let stages = [
                Constructed.stage("querynode.queue", "query_type=search", mean: queue, count: 2000),
                Constructed.stage("querynode.segcore", "query_type=search", mean: serviceMs, count: 2000),
                Constructed.stage("querynode.request", "query_type=search;scope=OnLeader", mean: subRequest, count: 1000),
                Constructed.stage("querynode.request", "query_type=search;scope=FromLeader", mean: subRequest, count: 2000),
            ]
            let busy = Double(cores) - background
            let phase = Constructed.phase(
                workers: workers, latencyMs: latency, stages: stages,
                timeline: ["cpu_cores": busy, "machine_cpu_cores": Double(cores), "client_cpu_cores": 0])
            let breakdown = Constructed.breakdown(
                components: [("client+wire", 1), ("proxy", 1 + queue), ("segcore", serviceMs)],
                untraced: [("Proxy-Search-Execute", queue)])
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
                        if model.queue >= 1 { models.append(model) }
                    }
                }
            }
        }
        return models
    }()

    @Test(arguments: models) func eachStatedShareIsWithinTenPointsOfTheModelsTruth(model: Model) throws {
        let findings = Findings.of(model.run()).filter { $0.status == .finding && $0.operation == "search" }
        let queue = try #require(findings.first { $0.rule == "queue-saturation" })
        #expect(abs((queue.share ?? 0) - model.truth) <= 0.1, "\(queue.share ?? -1) against \(model.truth)")
        // The untraced wait is the queue: nothing beyond it to explain.
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
