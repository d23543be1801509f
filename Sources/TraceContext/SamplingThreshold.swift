/// Trace-id-ratio sampling as a threshold on a uniform 64-bit draw: the same rule as
/// OpenTelemetry's TraceIdRatioBased, applied before any span exists, so an unsampled request
/// never touches the tracer.
package struct SamplingThreshold: Sendable, Equatable {
    let bound: UInt64
    let always: Bool

    package init(fraction: Double) {
        always = fraction >= 1
        bound = fraction <= 0 ? 0 : fraction >= 1 ? .max : UInt64(fraction * 0x1p64)
    }

    @inline(__always)
    package func sample(_ draw: UInt64) -> Bool { always || draw < bound }
}
