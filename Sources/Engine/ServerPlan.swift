import Foundation
import Results
import Workload
import Scenario

/// Which Milvus each variant of a comparison runs on. Variants whose server side is the same
/// share one (and one collection), so their blocks differ only in what the client does. The
/// others get one per group; but when the measured phases insert and the groups hold different
/// numbers of variants, each variant gets its own, so that every server takes in the same rows
/// (a group of two would otherwise grow twice as fast). Servers sharing one external Milvus keep
/// their collections apart by name.
struct ServerPlan {
    struct Group {
        var key: String
        var variants: [Int]
        /// The scenario the server is started and prepared with (its first variant's).
        var scenario: Scenario
        /// Some variant on it traces: its Milvus exports spans and a receiver takes them.
        var exports: Bool
    }

    var groups: [Group] = []
    /// The group (server) of each variant, by index.
    var serverOf: [Int] = []
    /// With `compare.restart`: the tracing each variant's blocks need the external Milvus to run
    /// with (the variants share it, and it is restarted between blocks that differ).
    var tracing: [ServerTracing]?
    var notes: [String] = []

    /// `restarts`: an external Milvus is restarted with each variant's tracing (`compare.restart`),
    /// so variants that differ only there share it.
    init(variants: [CompareVariant], clientOnly: Bool, aaOwnServer: Bool, restarts: Bool = false) {
        var keys = variants.map { $0.serverKey(clientOnly: clientOnly || restarts) }
        if restarts {
            tracing = variants.map { ServerTracing($0.scenario.tracing) }
        }
        let distinct = Set(keys).count
        // The A/A variant mirrors the comparison: when variants run on servers of their own, its
        // noise must include a second server's, or it would promise more than the others get.
        if aaOwnServer, distinct > 1, let aa = variants.firstIndex(where: { $0.name == CompareOptions.aaName }) {
            keys[aa] += "|own"
        }
        var order: [String] = []
        var members: [String: [Int]] = [:]
        for (index, key) in keys.enumerated() {
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(index)
        }
        let inserts = variants.contains { variant in
            variant.scenario.phases.contains { !$0.warmup && $0.mix[.insert] != nil }
        }
        let uneven = Set(members.values.map(\.count)).count > 1
        if order.count > 1 && inserts && uneven {
            notes.append(
                "the measured phases insert: every variant gets a Milvus of its own, so that each takes in the same rows")
            order = variants.indices.map { "\(keys[$0])|\($0)" }
            members = Dictionary(uniqueKeysWithValues: variants.indices.map { ("\(keys[$0])|\($0)", [$0]) })
        }
        serverOf = Array(repeating: 0, count: variants.count)
        var endpoints: [String: Int] = [:]
        for (number, key) in order.enumerated() {
            let indexes = members[key]!
            var scenario = variants[indexes[0]].scenario
            if case .external(let external) = scenario.milvus {
                let endpoint = "\(external.host):\(external.port)"
                let seen = endpoints[endpoint, default: 0]
                endpoints[endpoint] = seen + 1
                if seen > 0 { scenario.collection.name += "_\(seen + 1)" }
            }
            // The receiver listens whenever some variant on this server traces.
            let exports = indexes.contains { variants[$0].scenario.tracing.enabled }
            scenario.tracing.enabled = exports
            groups.append(Group(key: key, variants: indexes, scenario: scenario, exports: exports))
            for index in indexes { serverOf[index] = number }
        }
        if groups.count > 1 {
            notes.append(
                "\(groups.count) Milvus servers: a change between variants on different servers includes any difference between the two servers' builds (index, segment layout), which more rounds do not average out; --aa shows how large that is"
            )
        }
    }
}

extension ServerPlan {
    /// A round's blocks, with `compare.restart`, grouped by the tracing they need: the server's
    /// present tracing first (no restart for it), the others in the order the schedule drew
    /// them; within each, the schedule's order. A round then restarts Milvus once per other
    /// tracing, instead of at nearly every block.
    func arranged(_ order: [Int], after present: ServerTracing?) -> [Int] {
        guard let tracing else { return order }
        var kinds: [ServerTracing] = []
        for index in order where !kinds.contains(tracing[index]) { kinds.append(tracing[index]) }
        if let present, let at = kinds.firstIndex(of: present) { kinds.insert(kinds.remove(at: at), at: 0) }
        return kinds.flatMap { kind in order.filter { tracing[$0] == kind } }
    }
}

/// What the counted rounds added up to so far, per variant.
struct CompareState {
    var rounds: [[RoundRecord]]
    var phases: [[PhaseRecord]]
    /// Blocks whose phases could not be joined to the variant's earlier ones.
    var problems: [String] = []

    init(variants: [CompareVariant]) {
        rounds = Array(repeating: [], count: variants.count)
        phases = Array(repeating: [], count: variants.count)
    }

    mutating func add(_ round: RoundRecord, results: [PhaseResult], variant: Int) {
        rounds[variant].append(round)
        for result in results {
            if let problem = phases[variant].add(PhaseRecord(result), joining: true) { problems.append(problem) }
        }
    }
}
