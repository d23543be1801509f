import TraceContext

/// Trace ids numbered 0..<count, found again without SipHash: open addressing over a
/// power-of-two table, the slot from a multiplicative mix of both halves of the id.
///
/// Gathering a run's traces looks every span's trace id up twice (a million lookups for a
/// hundred thousand traces); the standard dictionary's seeded SipHash was most of that time.
/// A W3C trace id is random, and the mix spreads ids that differ only in a few bits (ids made
/// by counting) as well.
struct TraceTable {
    private var keys: [TraceID]
    private var numbers: [Int32]
    private let mask: Int
    private(set) var count = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: TraceID(high: 0, low: 0), count: size)
        numbers = Array(repeating: -1, count: size)
        mask = size - 1
    }

    private func slot(_ id: TraceID) -> Int {
        let mixed = (id.high &* 0x9E37_79B9_7F4A_7C15) ^ (id.low &* 0xC2B2_AE3D_27D4_EB4F)
        return Int(truncatingIfNeeded: mixed ^ (mixed >> 29)) & mask
    }

    /// The number of `id`, given on first sight (the table holds at most half its size).
    mutating func insert(_ id: TraceID) -> Int {
        var i = slot(id)
        while numbers[i] >= 0 {
            if keys[i].low == id.low && keys[i].high == id.high { return Int(numbers[i]) }
            i = (i + 1) & mask
        }
        precondition(count * 2 < numbers.count, "TraceTable is full")
        keys[i] = id
        numbers[i] = Int32(count)
        count += 1
        return count - 1
    }

    func number(of id: TraceID) -> Int? {
        var i = slot(id)
        while numbers[i] >= 0 {
            if keys[i].low == id.low && keys[i].high == id.high { return Int(numbers[i]) }
            i = (i + 1) & mask
        }
        return nil
    }
}
