/// Span ids are 64-bit integers; these convert them to and from their wire forms.
package enum SpanID {
    package static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// From 16 hex digits; nil otherwise.
    package static func parse(_ hex: some StringProtocol) -> UInt64? {
        hex.utf8.count == 16 ? UInt64(hex, radix: 16) : nil
    }

    /// From 8 big-endian bytes; nil otherwise.
    package static func value(_ bytes: some Collection<UInt8>) -> UInt64? {
        guard bytes.count == 8 else { return nil }
        return bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
