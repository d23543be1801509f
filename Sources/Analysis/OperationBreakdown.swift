/// Everything the report says about one operation of one phase. run.json keeps it as it is
/// (`TracingRecord`), under these property names: renaming one changes the file format.
package struct OperationBreakdown: Sendable, Codable {
    package var phase: String
    package var operation: String
    package var coverage: Coverage
    /// Over every joined trace.
    package var components: [ComponentRow]
    /// Over the complete traces alone, when some joined traces are incomplete (nil otherwise).
    package var completeComponents: [ComponentRow]?
    /// Where no span looks: untraced time by the span it lies in, largest first.
    package var untraced: [UntracedRow]?
    package var tail: [TailRow]
    package var slowestRequestMs: Double
    package var slowestTrace: [TreeLine]
    /// Largest difference between a request's component sum and its latency, in percent.
    package var maxSumErrorPercent: Double

    /// Mean client latency of the joined requests (ms).
    package var meanLatencyMs: Double {
        components.reduce(0) { $0 + $1.meanMs }
    }
}
