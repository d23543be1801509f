import Scenario

/// Seeded random vectors, as the scenario's dataset describes them. The same seed gives the same
/// vectors on every run and machine.
package struct VectorSource: Sendable {
    package let dim: Int
    package let distribution: Distribution
    private var rng: Xoshiro256

    package init(dim: Int, distribution: Distribution, seed: UInt64) {
        self.dim = dim
        self.distribution = distribution
        rng = Xoshiro256(seed: seed)
    }

    /// `count` vectors, flattened row after row.
    package mutating func vectors(_ count: Int) -> [Float] {
        var out = [Float]()
        out.reserveCapacity(count * dim)
        for _ in 0..<(count * dim) {
            switch distribution {
            case .uniform: out.append(Float(rng.nextUnit()))
            case .normal: out.append(Float(rng.nextGaussian()))
            }
        }
        return out
    }

    package mutating func nextInt(below bound: Int) -> Int {
        Int(rng.next() % UInt64(max(1, bound)))
    }
}
