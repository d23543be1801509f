/// A 128-bit W3C trace id.
package struct TraceID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    package var high: UInt64
    package var low: UInt64

    package init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// From 32 hex digits (or 16, as Jaeger shortens 64-bit ids); nil otherwise.
    package init?(hex: some StringProtocol) {
        let count = hex.utf8.count
        if count == 16, let low = UInt64(hex, radix: 16) {
            self.init(high: 0, low: low)
            return
        }
        guard count == 32, let high = UInt64(hex.prefix(16), radix: 16), let low = UInt64(hex.suffix(16), radix: 16)
        else { return nil }
        self.init(high: high, low: low)
    }

    /// From 16 raw bytes (OTLP protobuf).
    package init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        let array = Array(bytes)
        self.init(high: SpanID.value(array[0..<8]) ?? 0, low: SpanID.value(array[8..<16]) ?? 0)
    }

    package var description: String { SpanID.hex(high) + SpanID.hex(low) }

    package static func < (lhs: Self, rhs: Self) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = TraceID(hex: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a trace id: \(text)"))
        }
        self = id
    }
}
