/// OTLP's `ExportMetricsServiceRequest` (opentelemetry-proto, metrics v1) for a batch of a run's
/// series, encoded by hand (`ProtobufWriter`). Each Prometheus name becomes one metric under its
/// OpenTelemetry name (`RunSeries.instruments`): counters as cumulative monotonic sums counted
/// from `startNanos`, the rest as gauges; every label but `__name__` becomes an attribute. A
/// Collector's Prometheus exporter turns them back into the remote-write names, so one
/// dashboard serves both paths.
package struct OTLPMetricsRequest: Sendable {
    package var series: [WriteRequest.Series]
    /// When the cumulative sums began counting (Unix ns).
    package var startNanos: UInt64
    package var resource: [(key: String, value: String)]

    package init(series: [WriteRequest.Series], startNanos: UInt64, resource: [(key: String, value: String)]) {
        self.series = series
        self.startNanos = startNanos
        self.resource = resource
    }

    /// An OpenTelemetry instrument: its name, its unit (UCUM), and a sum (counter) or a gauge.
    package struct Instrument: Sendable {
        package var name: String
        package var unit: String
        package var isSum: Bool
        package var description: String
    }

    package func serialized() -> [UInt8] {
        var metrics: [UInt8] = []
        let byName = Dictionary(grouping: series) { $0.labels["__name__"] ?? "" }
        for name in byName.keys.sorted() {
            let instrument =
                RunSeries.instruments[name]
                ?? Instrument(name: name, unit: "", isSum: false, description: "")
            var points: [UInt8] = []
            for one in byName[name]! {
                let attributes = one.labels.filter { $0.key != "__name__" }.sorted { $0.key < $1.key }
                for sample in one.samples {
                    var point: [UInt8] = []
                    if instrument.isSum { ProtobufWriter.appendFixed64(2, startNanos, to: &point) }
                    ProtobufWriter.appendFixed64(3, UInt64(max(0, sample.milliseconds)) * 1_000_000, to: &point)
                    ProtobufWriter.appendFixed64(4, sample.value.bitPattern, to: &point)
                    for (key, value) in attributes { ProtobufWriter.appendMessage(7, Self.keyValue(key, value), to: &point) }
                    ProtobufWriter.appendMessage(1, point, to: &points)
                }
            }
            var metric: [UInt8] = []
            ProtobufWriter.appendString(1, instrument.name, to: &metric)
            if !instrument.description.isEmpty { ProtobufWriter.appendString(2, instrument.description, to: &metric) }
            if !instrument.unit.isEmpty { ProtobufWriter.appendString(3, instrument.unit, to: &metric) }
            if instrument.isSum {
                ProtobufWriter.appendVarintField(2, 2, to: &points)  // AGGREGATION_TEMPORALITY_CUMULATIVE
                ProtobufWriter.appendVarintField(3, 1, to: &points)  // is_monotonic
                ProtobufWriter.appendMessage(7, points, to: &metric)
            } else {
                ProtobufWriter.appendMessage(5, points, to: &metric)
            }
            ProtobufWriter.appendMessage(2, metric, to: &metrics)
        }
        var scope: [UInt8] = []
        ProtobufWriter.appendString(1, "traceload", to: &scope)
        var scopeMetrics: [UInt8] = []
        ProtobufWriter.appendMessage(1, scope, to: &scopeMetrics)
        scopeMetrics += metrics
        var resourceBody: [UInt8] = []
        for (key, value) in resource { ProtobufWriter.appendMessage(1, Self.keyValue(key, value), to: &resourceBody) }
        var resourceMetrics: [UInt8] = []
        ProtobufWriter.appendMessage(1, resourceBody, to: &resourceMetrics)
        ProtobufWriter.appendMessage(2, scopeMetrics, to: &resourceMetrics)
        var out: [UInt8] = []
        ProtobufWriter.appendMessage(1, resourceMetrics, to: &out)
        return out
    }

    /// `KeyValue{key, value: AnyValue{string_value}}`.
    static func keyValue(_ key: String, _ value: String) -> [UInt8] {
        var any: [UInt8] = []
        ProtobufWriter.appendString(1, value, to: &any)
        var pair: [UInt8] = []
        ProtobufWriter.appendString(1, key, to: &pair)
        ProtobufWriter.appendMessage(2, any, to: &pair)
        return pair
    }

    /// Data points the receiver refused (`ExportMetricsServiceResponse.partial_success`), and
    /// its message; nil when the answer refuses none.
    static func rejected(in answer: [UInt8]) -> (points: Int, message: String)? {
        guard let partial = ProtobufReader.fields(answer).first(where: { $0.field == 1 })?.bytes else { return nil }
        var points = 0
        var message = ""
        for field in ProtobufReader.fields(partial) {
            if field.field == 1, let value = field.varint { points = Int(truncatingIfNeeded: value) }
            if field.field == 2, let bytes = field.bytes { message = String(decoding: bytes, as: UTF8.self) }
        }
        return points > 0 || !message.isEmpty ? (points, message) : nil
    }
}
