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
    var notes: [String] = []

    init(variants: [CompareVariant], clientOnly: Bool, aaOwnServer: Bool) {
        var keys = variants.map { $0.serverKey(clientOnly: clientOnly) }
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
            let exports = indexes.contains { variants[$0].scenario.tracing.enabled }
            if !clientOnly { scenario.tracing.enabled = exports }
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

/// What the counted rounds added up to so far, per variant.
struct CompareState {
    var rounds: [[RoundRecord]]
    var phases: [[PhaseRecord]]

    init(variants: [CompareVariant]) {
        rounds = Array(repeating: [], count: variants.count)
        phases = Array(repeating: [], count: variants.count)
    }

    mutating func add(_ round: RoundRecord, results: [PhaseResult], variant: Int) {
        rounds[variant].append(round)
        for result in results {
            let record = PhaseRecord(result)
            if let index = phases[variant].firstIndex(where: { $0.name == record.name }),
                let joined = try? RunMerge.appendPhase(phases[variant][index], record)
            {
                phases[variant][index] = joined
            } else {
                phases[variant].append(record)
            }
        }
    }
}
