/// The order of a comparison's blocks: in every round one block per variant, in an order drawn
/// at random, balanced so that over each run of `variants` rounds every variant sits in every
/// position once (a Latin square with its rows and columns shuffled). Round 0 is the warm-up:
/// run, never counted. Seeded, so a schedule can be told again.
package struct BlockSchedule: Sendable {
    package let variants: Int
    private var generator: SplitMix
    private var square: [[Int]] = []

    package init(variants: Int, seed: UInt64) {
        self.variants = variants
        generator = SplitMix(seed: seed)
    }

    /// The variants' order in round `round` (call with 0, 1, 2, ... in turn).
    package mutating func order(round: Int) -> [Int] {
        guard variants > 1 else { return [0] }
        if round == 0 { return Array(0..<variants) }
        let row = (round - 1) % variants
        if row == 0 { square = shuffledSquare() }
        return square[row]
    }

    /// A cyclic Latin square (row r, position p holds (r + p) mod n) with shuffled rows and
    /// symbols: still one of each variant per row and per position.
    mutating func shuffledSquare() -> [[Int]] {
        let rows = shuffled(Array(0..<variants))
        let symbols = shuffled(Array(0..<variants))
        return rows.map { r in (0..<variants).map { p in symbols[(r + p) % variants] } }
    }

    mutating func shuffled(_ values: [Int]) -> [Int] {
        var out = values
        for i in stride(from: out.count - 1, to: 0, by: -1) {
            let j = Int(generator.next() % UInt64(i + 1))
            out.swapAt(i, j)
        }
        return out
    }
}

/// A small seeded generator (SplitMix64).
struct SplitMix: Sendable {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
