import Foundation

@testable import Comparison

/// The simulations' draws, from the same seeded SplitMix64 that orders the blocks: the same
/// numbers on every machine and every run.
extension SplitMix {
    /// Uniform in (0, 1): never 0, so a logarithm of it is finite.
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992 }
    /// Standard normal, by Box–Muller.
    mutating func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform()) }
}
