/// W3C trace context headers. Milvus 2.3's Go OpenTelemetry rejects any flags above `02`, so
/// sampled requests carry exactly `01` and unsampled ones `00` (DESIGN.md §1).
package enum Traceparent {
    /// `00-<32 hex>-<16 hex>-0X`, written into one 55-byte string: it is built for every traced
    /// request (sampled or not), so it avoids the half-dozen temporaries of interpolation.
    package static func header(traceID: TraceID, spanID: UInt64, sampled: Bool) -> String {
        String(unsafeUninitializedCapacity: 55) { bytes in
            let digits: StaticString = "0123456789abcdef"
            func put(_ value: UInt64, at offset: Int) {
                for i in 0..<16 { bytes[offset + i] = digits.utf8Start[Int((value >> (60 - 4 * UInt64(i))) & 0xF)] }
            }
            bytes[0] = UInt8(ascii: "0")
            bytes[1] = UInt8(ascii: "0")
            bytes[2] = UInt8(ascii: "-")
            put(traceID.high, at: 3)
            put(traceID.low, at: 19)
            bytes[35] = UInt8(ascii: "-")
            put(spanID, at: 36)
            bytes[52] = UInt8(ascii: "-")
            bytes[53] = UInt8(ascii: "0")
            bytes[54] = UInt8(ascii: sampled ? "1" : "0")
            return 55
        }
    }

    /// A fresh unsampled header: the server records nothing for it, whatever its own fraction.
    @inlinable
    package static func unsampled(_ rng: inout some RandomNumberGenerator) -> String {
        header(traceID: TraceID(high: rng.next(), low: rng.next() | 1), spanID: rng.next() | 1, sampled: false)
    }

    /// The trace id and flags of a header; nil if it is not a version-00 traceparent.
    package static func parse(_ header: String) -> (traceID: TraceID, spanID: UInt64, flags: UInt8)? {
        let parts = header.split(separator: "-")
        guard parts.count == 4, parts[0] == "00", parts[2].count == 16, parts[3].count == 2,
            let traceID = TraceID(hex: parts[1]), let spanID = UInt64(parts[2], radix: 16),
            let flags = UInt8(parts[3], radix: 16)
        else { return nil }
        return (traceID, spanID, flags)
    }
}
