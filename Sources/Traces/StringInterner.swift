import Foundation

/// Strings by their bytes, made once: a receiver or a file sees millions of spans but a few dozen
/// distinct span, service and scope names. A name longer than 15 bytes is a heap allocation per
/// span otherwise (40 to 100 bytes held per kept span, and the time to make it); interned, every
/// span shares one, and a hit allocates nothing.
///
/// A value type, not thread-safe: a decoder or reader works on its own copy (`SharedStrings` hands
/// one out per request). It stops growing at `capacity` entries, so that names that carry ids
/// (unbounded) cost what they cost without it, not a table that grows with the traffic.
struct StringInterner {
    /// Open addressing into the entries, a power of two long, at most half full (-1: empty).
    private var slots: [Int32]
    /// The entries, by index: their hashes, their bytes (at `starts[i]` in `bytes`) and strings.
    private var hashes: [UInt64] = []
    private var starts: [Int] = []
    private var bytes: [UInt8] = []
    private var strings: [String] = []
    let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
        slots = Array(repeating: -1, count: 64)
    }

    var count: Int { strings.count }

    /// The string of `utf8`; nil if it is not UTF-8.
    mutating func string(_ utf8: UnsafeRawBufferPointer) -> String? {
        let hash = Self.hash(utf8)
        switch find(utf8, hash: hash) {
        case .found(let string): return string
        case .free(let slot):
            guard let string = String(validating: utf8, as: UTF8.self) else { return nil }
            keep(string, bytes: utf8, hash: hash, slot: slot)
            return string
        }
    }

    /// The string for `key`, made by `make` the first time these bytes are seen (a reader whose
    /// text is not the key's bytes as they stand: JSON's escapes).
    mutating func string(_ key: UnsafeRawBufferPointer, make: (UnsafeRawBufferPointer) -> String) -> String {
        let hash = Self.hash(key)
        switch find(key, hash: hash) {
        case .found(let string): return string
        case .free(let slot):
            let string = make(key)
            keep(string, bytes: key, hash: hash, slot: slot)
            return string
        }
    }

    /// The string of a JSON string value, keyed by its raw bytes (escapes and all).
    mutating func string(_ text: JSONScanner.RawString, in scanner: JSONScanner) -> String {
        string(scanner.rawBytes(text)) { _ in scanner.string(text) }
    }

    private enum Lookup {
        case found(String)
        case free(slot: Int)
    }

    private func find(_ key: UnsafeRawBufferPointer, hash: UInt64) -> Lookup {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { return .free(slot: slot) }
            if hashes[index] == hash && matches(index, key) { return .found(strings[index]) }
            slot = (slot + 1) & mask
        }
    }

    private mutating func keep(_ string: String, bytes key: UnsafeRawBufferPointer, hash: UInt64, slot: Int) {
        guard strings.count < capacity else { return }
        slots[slot] = Int32(strings.count)
        hashes.append(hash)
        starts.append(bytes.count)
        bytes.append(contentsOf: key)
        strings.append(string)
        if strings.count * 2 > slots.count { rehash() }
    }

    private func matches(_ index: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let start = starts[index]
        let end = index + 1 < starts.count ? starts[index + 1] : bytes.count
        guard end - start == key.count else { return false }
        guard let base = key.baseAddress, key.count > 0 else { return true }
        return bytes.withUnsafeBytes { memcmp($0.baseAddress! + start, base, key.count) == 0 }
    }

    private mutating func rehash() {
        slots = Array(repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }

    /// FNV-1a: names are short, and a few dozen of them need no stronger hash.
    static func hash(_ utf8: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
