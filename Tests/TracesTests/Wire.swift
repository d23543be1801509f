/// Protobuf's wire format, by hand: for the cases an encoder does not write.
enum Wire {
    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        while value >= 0x80 {
            out.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        return out + [UInt8(value)]
    }

    static func tag(_ number: Int, _ wireType: Int) -> [UInt8] { varint(UInt64(number << 3 | wireType)) }

    static func field(_ number: Int, varint value: UInt64) -> [UInt8] { tag(number, 0) + varint(value) }

    static func field(_ number: Int, fixed64 value: UInt64) -> [UInt8] {
        tag(number, 1) + (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    static func field(_ number: Int, fixed32 value: UInt32) -> [UInt8] {
        tag(number, 5) + (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    static func field(_ number: Int, bytes: [UInt8]) -> [UInt8] { tag(number, 2) + varint(UInt64(bytes.count)) + bytes }

    static func group(_ number: Int, _ body: [UInt8]) -> [UInt8] { tag(number, 3) + body + tag(number, 4) }
}
