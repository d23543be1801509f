import ServerMetrics
import Testing

@testable import Findings

/// The rules that read CPU, just below and just above each threshold, on machines of 2, 8 and 64
/// cores: the thresholds are shares of the machine's cores, so each case is the same share of
/// every machine. Shares 0.01 either side of a threshold; the figures a statement carries follow
/// from the constructed ones.
@Suite struct CPUThresholdTests {
    static let machines = [2, 8, 64]
    static let cpu = CPUThresholds()

    /// 30 ms queue and 10 ms segcore work per sub-search, two sub-searches a search side by side
    /// (the delegator's whole request 45 ms, one sub-request 40 ms); searches of 40 ms.
    static func queueStages(queue: Double = 30, work: Double = 10, onLeader: Double = 45) -> [StageRow] {
        [
            Constructed.stage("querynode.queue", "query_type=search", mean: queue, count: 2000),
            Constructed.stage("querynode.segcore", "query_type=search", mean: work, count: 1000),
            Constructed.stage("querynode.request", "query_type=search;scope=OnLeader", mean: onLeader, count: 1000),
            Constructed.stage("querynode.request", "query_type=search;scope=FromLeader", mean: 40, count: 2000),
        ]
    }

    /// The queue rule's finding, the machine's CPU given as shares of its cores.
    static func queue(cores: Int, stages: [StageRow] = queueStages(), milvus: Double, machine: Double) -> Finding? {
        let c = Double(cores)
        let phase = Constructed.phase(stages: stages, timeline: ["cpu_cores": milvus * c, "machine_cpu_cores": machine * c])
        return Constructed.findings(QueueSaturation(), Constructed.run(cores: cores, [phase])).first
    }

    @Test(arguments: machines) func milvusAtThreeQuartersOfTheCoresIsSaturated(cores: Int) throws {
        #expect(Self.cpu.saturatedMilvus == 0.75)
        let below = try #require(Self.queue(cores: cores, milvus: 0.74, machine: 0.76))
        #expect(below.statement.contains("the queue's concurrency limit holds them, not the CPU"), "\(below.statement)")
        let above = try #require(Self.queue(cores: cores, milvus: 0.76, machine: 0.78))
        #expect(above.statement.hasPrefix("The query node is saturated"), "\(above.statement)")
        #expect(above.statement.contains("with Milvus at \(String(format: "%.1f", 0.76 * Double(cores))) of \(cores) cores"))
        // 30 ms a sub-search, the two side by side: 30 ms of a 40 ms search.
        #expect(abs((above.share ?? 0) - 30.0 / 40.0) < 0.005)
    }

    @Test(arguments: machines) func aFullMachineWithMilvusBelowItsLimitIsOtherProcessesCPU(cores: Int) throws {
        #expect(Self.cpu.fullMachine == 0.85)
        let below = try #require(Self.queue(cores: cores, milvus: 0.3, machine: 0.84))
        #expect(below.statement.contains("the queue's concurrency limit holds them"), "\(below.statement)")
        let above = try #require(Self.queue(cores: cores, milvus: 0.3, machine: 0.86))
        #expect(above.statement.contains("Milvus waited for CPU that other processes held"), "\(above.statement)")
    }

    @Test(arguments: machines) func theQueueCountsFromOneMillisecondAndAThirdOfTheSubRequestsTime(cores: Int) {
        #expect(QueueSaturation().minimumQueueMs == 1 && QueueSaturation().minimumQueueShare == 0.3)
        #expect(Self.queue(cores: cores, stages: Self.queueStages(queue: 0.99, work: 0.5), milvus: 0.8, machine: 0.9) == nil)
        #expect(Self.queue(cores: cores, stages: Self.queueStages(queue: 1.01, work: 0.5), milvus: 0.8, machine: 0.9) != nil)
        // 4.2 / (4.2 + 10) = 0.296; 4.4 / 14.4 = 0.306.
        #expect(Self.queue(cores: cores, stages: Self.queueStages(queue: 4.2), milvus: 0.8, machine: 0.9) == nil)
        #expect(Self.queue(cores: cores, stages: Self.queueStages(queue: 4.4), milvus: 0.8, machine: 0.9) != nil)
    }

    /// The machine's, Milvus's and traceload's CPU as shares of the cores; the shared-machine
    /// rule's statement, or nil when it is silent.
    static func machine(cores: Int, machine: Double, milvus: Double, client: Double) -> String? {
        let c = Double(cores)
        let phase = Constructed.phase(
            timeline: ["machine_cpu_cores": machine * c, "cpu_cores": milvus * c, "client_cpu_cores": client * c])
        return Constructed.findings(SharedMachine(), Constructed.run(cores: cores, [phase])).first?.statement
    }

    @Test(arguments: machines) func otherProcessesFromTwoFifthsOfAFullMachine(cores: Int) {
        #expect(Self.cpu.otherProcesses == 0.4)
        // The machine at 0.95; others 0.95 − 0.02 − milvus.
        #expect(Self.machine(cores: cores, machine: 0.95, milvus: 0.54, client: 0.02) == nil)
        let above = Self.machine(cores: cores, machine: 0.95, milvus: 0.52, client: 0.02)
        #expect(above?.hasPrefix("Other processes took \(String(format: "%.1f", 0.41 * Double(cores))) of the machine's \(cores) cores") == true, "\(above ?? "")")
    }

    @Test(arguments: machines) func aLoadGeneratorOnAFullMachineFromANotableShare(cores: Int) {
        #expect(Self.cpu.notableClient == 0.075)
        #expect(Self.machine(cores: cores, machine: 0.9, milvus: 0.8, client: 0.074) == nil)
        let above = Self.machine(cores: cores, machine: 0.9, milvus: 0.8, client: 0.076)
        #expect(above?.hasPrefix("traceload shares the machine with Milvus") == true, "\(above ?? "")")
        // The same client on a machine not full: nothing to say.
        #expect(Self.machine(cores: cores, machine: 0.84, milvus: 0.5, client: 0.1) == nil)
        #expect(Self.machine(cores: cores, machine: 0.86, milvus: 0.5, client: 0.1)?.hasPrefix("traceload shares") == true)
    }

    @Test(arguments: machines) func aLoadGeneratorAtNearlyHalfTheMachineMayBeTheLimit(cores: Int) {
        #expect(Self.cpu.busyClient == 0.45)
        #expect(Self.machine(cores: cores, machine: 0.5, milvus: 0.04, client: 0.44) == nil)
        let above = Self.machine(cores: cores, machine: 0.5, milvus: 0.04, client: 0.46)
        #expect(above?.hasPrefix("traceload itself used \(String(format: "%.1f", 0.46 * Double(cores))) cores") == true)
    }

    /// An open loop of 8 workers at `rate` searches/s of 40 ms, `unsent` of them not sent.
    static func behind(cores: Int, rate: Double, unsent: Int, client: Double? = nil) -> String? {
        let timeline = client.map { ["client_cpu_cores": $0 * Double(cores)] } ?? [:]
        let phase = Constructed.phase(workers: 8, timeline: timeline, rate: rate, unsent: unsent)
        return Constructed.findings(FellBehind(), Constructed.run(cores: cores, [phase])).first?.statement
    }

    @Test(arguments: machines) func fallingBehindCountsFromOnePercentOfTheRequestsDue(cores: Int) {
        #expect(FellBehind().minimumShare == 0.01)
        // 1,000 sent: 10 of 1,010 due is 0.99%, 11 of 1,011 is 1.09%.
        #expect(Self.behind(cores: cores, rate: 100, unsent: 10) == nil)
        let above = Self.behind(cores: cores, rate: 100, unsent: 11)
        #expect(above?.contains("11 of 1011 requests due were not sent") == true, "\(above ?? "")")
    }

    @Test(arguments: machines) func workersAreAllBusyFromNineTenthsOfThem(cores: Int) {
        #expect(FellBehind().busyWorkers == 0.9)
        // Little's law: 179/s × 40 ms = 7.16 in flight, under 0.9 × 8 = 7.2; 181/s: 7.24.
        let below = Self.behind(cores: cores, rate: 179, unsent: 100)
        #expect(below?.contains("though they were not all busy") == true, "\(below ?? "")")
        let above = Self.behind(cores: cores, rate: 181, unsent: 100)
        #expect(above?.contains("all 8 workers were busy: at 40.0 ms a request from its send, 181/s needs about 7 in flight") == true)
    }

    @Test(arguments: machines) func aLoadGeneratorThatFellBehindIsBusyFromNearlyHalfTheMachine(cores: Int) {
        let below = Self.behind(cores: cores, rate: 100, unsent: 100, client: 0.44)
        #expect(below?.contains("traceload itself was busy") == false)
        let above = Self.behind(cores: cores, rate: 100, unsent: 100, client: 0.46)
        #expect(above?.contains("traceload itself was busy (\(String(format: "%.1f", 0.46 * Double(cores))) cores)") == true)
    }
}
