import Foundation
import MilvusClient
import MilvusProto
import Scenario
import Synchronization
import TraceContext

/// Picks the next operation by weight with one random draw.
struct OperationPicker: Sendable {
    let kinds: [OperationKind]
    let cumulative: [Double]

    init(_ mix: [OperationKind: Double]) {
        kinds = mix.keys.sorted()
        var total = 0.0
        cumulative = kinds.map {
            total += mix[$0] ?? 0
            return total
        }
    }

    @inline(__always)
    func pick(_ unit: Double) -> OperationKind {
        let target = unit * (cumulative.last ?? 1)
        for (i, bound) in cumulative.enumerated() where target < bound { return kinds[i] }
        return kinds.last ?? .search
    }
}
