/// Reads the top-level fields of a protobuf message: enough for the short answers a metrics
/// receiver sends back (OTLP's partial success). Malformed input ends the list where it breaks.
enum ProtobufReader {
    struct Field {
        var field: Int
        var varint: UInt64?
        /// A 64-bit field's value (fixed64, or a double's bits).
        var fixed64: UInt64?
        var bytes: [UInt8]?
    }

    static func fields(_ message: [UInt8]) -> [Field] {
        var out: [Field] = []
        var index = 0
        func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while index < message.count && shift < 64 {
                let byte = message[index]
                index += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
            return nil
        }
        while index < message.count {
            guard let key = varint() else { break }
            let field = Int(key >> 3)
            switch key & 7 {
            case 0:
                guard let value = varint() else { return out }
                out.append(Field(field: field, varint: value))
            case 1:
                guard index + 8 <= message.count else { return out }
                let bits = message[index..<index + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                index += 8
                out.append(Field(field: field, fixed64: bits))
            case 5:
                guard index + 4 <= message.count else { return out }
                index += 4
                out.append(Field(field: field))
            case 2:
                guard let length = varint(), length <= UInt64(message.count - index) else { return out }
                out.append(Field(field: field, bytes: Array(message[index..<index + Int(length)])))
                index += Int(length)
            default:
                return out
            }
        }
        return out
    }
}
