import Foundation
import Scenario

/// How a Milvus traces: its exporter and its own sample fraction. What `compare.restart` sets
/// on an external Milvus, through the command's `{exporter}` and `{fraction}`.
struct ServerTracing: Sendable, Hashable, CustomStringConvertible {
    /// "otlp" or "noop".
    var exporter: String
    var fraction: Double

    init(exporter: String, fraction: Double) {
        self.exporter = exporter
        self.fraction = fraction
    }

    init(_ spec: TracingSpec) {
        self.init(exporter: spec.enabled ? "otlp" : "noop", fraction: spec.enabled ? spec.serverSampleFraction : 0)
    }

    var description: String { exporter == "noop" ? "noop" : "otlp at \(CompareVariant.fractionText(fraction))" }
}
