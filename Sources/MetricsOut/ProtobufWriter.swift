/// The few protobuf wire encodings the metrics messages need (remote write's and OTLP's),
/// written by hand: a handful of small messages do not justify generated code.
enum ProtobufWriter {
    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            out.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        out.append(UInt8(rest))
    }

    /// A varint field (wire type 0): ints, enums and bools.
    static func appendVarintField(_ field: Int, _ value: UInt64, to out: inout [UInt8]) {
        out.append(UInt8(field << 3))
        appendVarint(value, to: &out)
    }

    /// A length-delimited field (wire type 2).
    static func appendMessage(_ field: Int, _ bytes: [UInt8], to out: inout [UInt8]) {
        out.append(UInt8(field << 3 | 2))
        appendVarint(UInt64(bytes.count), to: &out)
        out += bytes
    }

    static func appendString(_ field: Int, _ text: String, to out: inout [UInt8]) {
        appendMessage(field, Array(text.utf8), to: &out)
    }

    /// A 64-bit field (wire type 1): fixed64, sfixed64 and double, little-endian.
    static func appendFixed64(_ field: Int, _ bits: UInt64, to out: inout [UInt8]) {
        out.append(UInt8(field << 3 | 1))
        withUnsafeBytes(of: bits.littleEndian) { out += $0 }
    }
}
