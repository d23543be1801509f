import Foundation

/// One `String` per distinct text for the strings that repeat across spans (names, services,
/// scopes): a file of 850,000 spans has a few dozen distinct names, and a name longer than 15
/// bytes is a heap allocation each time it is made. Looked up by the text's raw bytes, so a hit
/// allocates nothing.
///
/// Bounded: past `limit` distinct texts (a file of unique names) new texts are made but not kept,
/// so the table never holds more than a small part of a file.
struct StringInterner {
    private struct Entry {
        var hash: UInt64
        var start: Int
        var count: Int
        var string: String
    }

    static let limit = 4096

    /// Indices into `entries` + 1 (0: empty), open addressing; a power of two at most half full.
    private var slots = [Int32](repeating: 0, count: 64)
    private var entries: [Entry] = []
    /// The keys' bytes, end to end.
    private var keys: [UInt8] = []

    init() {}

    /// The string for `bytes`, made by `make` the first time these bytes are seen.
    mutating func string(_ bytes: UnsafeRawBufferPointer, make: (UnsafeRawBufferPointer) -> String) -> String {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = Int(slots[slot]) - 1
            guard index >= 0 else { break }
            if entries[index].hash == hash, entries[index].count == bytes.count,
                equal(start: entries[index].start, bytes)
            {
                return entries[index].string
            }
            slot = (slot + 1) & mask
        }
        let string = make(bytes)
        guard entries.count < Self.limit else { return string }
        entries.append(Entry(hash: hash, start: keys.count, count: bytes.count, string: string))
        keys.append(contentsOf: bytes)
        slots[slot] = Int32(entries.count)
        if entries.count * 2 > slots.count { grow() }
        return string
    }

    var count: Int { entries.count }

    private func equal(start: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return true }
        return keys.withUnsafeBytes { keys in memcmp(keys.baseAddress! + start, base, bytes.count) == 0 }
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, entry) in entries.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
    }

    /// FNV-1a over 8-byte words, then a final mix: keys are short, and this runs once per string.
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
        var index = 0
        while index + 8 <= bytes.count {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0x0000_0100_0000_01b3
            hash ^= hash >> 29
            index += 8
        }
        var tail: UInt64 = 0
        while index < bytes.count {
            tail = tail << 8 | UInt64(bytes[index])
            index += 1
        }
        hash = (hash ^ tail) &* 0x0000_0100_0000_01b3
        hash ^= hash >> 32
        hash &*= 0x9e37_79b9_7f4a_7c15
        return hash ^ hash >> 29
    }
}
