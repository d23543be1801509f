import Synchronization
import TraceContext

/// Trace and span ids: unique and well spread (SplitMix64 over an atomic counter seeded from the
/// system's randomness), without a system call or a lock per id. Not secrets, so not
/// cryptographic.
enum SpanIDs {
    private static let state = Atomic<UInt64>(UInt64.random(in: 1...UInt64.max))

    static func next() -> UInt64 {
        var z = state.wrappingAdd(0x9E37_79B9_7F4A_7C15, ordering: .relaxed).newValue
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return z == 0 ? 1 : z
    }

    static func traceID() -> TraceID { TraceID(high: next(), low: next()) }
    static func spanID() -> UInt64 { next() }
}
