import Scenario
import Traces

/// Client-side tracing as the workload sees it: a span for each sampled request. Implemented by
/// the Telemetry module; the workload makes the sampling decision itself (see `PhaseRunner`).
public protocol RequestTracer: Sendable {
    /// Starts the client span of a sampled request.
    func start(_ operation: OperationKind) -> TracedRequest
}

/// A started client span: the `traceparent` to send (flags exactly `01`), its trace id, and the
/// call that ends it when the response has been read, with the call's own timing: the span is
/// exactly the interval the request's latency measures, so an analysis of spans.jsonl alone
/// gets the same client latency as traceload's.
public struct TracedRequest: Sendable {
    public let traceparent: String
    public let traceID: TraceID
    public let spanID: UInt64
    public let end: @Sendable (_ error: String?, _ startUnixNanos: UInt64, _ durationNanos: UInt64) -> Void

    public init(traceparent: String, traceID: TraceID, spanID: UInt64,
                end: @escaping @Sendable (_ error: String?, _ startUnixNanos: UInt64, _ durationNanos: UInt64) -> Void) {
        self.traceparent = traceparent
        self.traceID = traceID
        self.spanID = spanID
        self.end = end
    }
}

/// W3C trace context headers. Milvus 2.3's Go OpenTelemetry rejects any flags above `02`, so
/// sampled requests carry exactly `01` and unsampled ones `00` (DESIGN.md §1).
public enum Traceparent {
    /// `00-<32 hex>-<16 hex>-0X`, written into one 55-byte string: it is built for every traced
    /// request (sampled or not), so it avoids the half-dozen temporaries of interpolation.
    public static func header(traceID: TraceID, spanID: UInt64, sampled: Bool) -> String {
        String(unsafeUninitializedCapacity: 55) { bytes in
            let digits: StaticString = "0123456789abcdef"
            func put(_ value: UInt64, at offset: Int) {
                for i in 0..<16 { bytes[offset + i] = digits.utf8Start[Int((value >> (60 - 4 * UInt64(i))) & 0xF)] }
            }
            bytes[0] = UInt8(ascii: "0"); bytes[1] = UInt8(ascii: "0"); bytes[2] = UInt8(ascii: "-")
            put(traceID.high, at: 3)
            put(traceID.low, at: 19)
            bytes[35] = UInt8(ascii: "-")
            put(spanID, at: 36)
            bytes[52] = UInt8(ascii: "-"); bytes[53] = UInt8(ascii: "0"); bytes[54] = UInt8(ascii: sampled ? "1" : "0")
            return 55
        }
    }

    /// A fresh unsampled header: the server records nothing for it, whatever its own fraction.
    @inline(__always)
    public static func unsampled(_ rng: inout Xoshiro256) -> String {
        header(traceID: TraceID(high: rng.next(), low: rng.next() | 1), spanID: rng.next() | 1, sampled: false)
    }

    /// The trace id and flags of a header; nil if it is not a version-00 traceparent.
    public static func parse(_ header: String) -> (traceID: TraceID, spanID: UInt64, flags: UInt8)? {
        let parts = header.split(separator: "-")
        guard parts.count == 4, parts[0] == "00", parts[2].count == 16, parts[3].count == 2,
              let traceID = TraceID(hex: parts[1]), let spanID = UInt64(parts[2], radix: 16),
              let flags = UInt8(parts[3], radix: 16)
        else { return nil }
        return (traceID, spanID, flags)
    }
}

/// Trace-id-ratio sampling as a threshold on a uniform 64-bit draw: the same rule as
/// OpenTelemetry's TraceIdRatioBased, applied before any span exists, so an unsampled request
/// never touches the tracer.
public struct SamplingThreshold: Sendable, Equatable {
    let bound: UInt64
    let always: Bool

    public init(fraction: Double) {
        always = fraction >= 1
        bound = fraction <= 0 ? 0 : fraction >= 1 ? .max : UInt64(fraction * 0x1p64)
    }

    @inline(__always)
    public func sample(_ draw: UInt64) -> Bool { always || draw < bound }
}
