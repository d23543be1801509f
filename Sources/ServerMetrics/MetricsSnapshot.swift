import Foundation

/// The metrics of one Milvus (every pod of a cluster) at one instant: every sample by series.
/// Pods are told apart by their `node_id` label; series that two sources both report are added.
package struct MetricsSnapshot: Sendable {
    package var time: Date
    package var values: [SeriesKey: Double]

    package init(time: Date = Date(), values: [SeriesKey: Double] = [:]) {
        self.time = time
        self.values = values
    }

    package init(time: Date = Date(), text: String) {
        self.init(time: time)
        add(PrometheusText.parse(text))
    }

    package mutating func add(_ samples: [PrometheusSample]) {
        for sample in samples where !sample.value.isNaN {
            values[SeriesKey(name: sample.name, labels: sample.labels), default: 0] += sample.value
        }
    }

    /// The sum of every series named `name` (e.g. `process_cpu_seconds_total` over pods); nil when none.
    package func total(_ name: String, where matches: (SeriesKey) -> Bool = { _ in true }) -> Double? {
        let matching = values.filter { $0.key.name == name && matches($0.key) }
        return matching.isEmpty ? nil : matching.values.reduce(0, +)
    }

    /// The histograms named `name` (from its `_bucket`, `_sum` and `_count` series), by label set.
    package func histograms(_ name: String) -> [SeriesKey: BucketHistogram] {
        var bounds: [SeriesKey: [(Double, Double)]] = [:]
        var sums: [SeriesKey: Double] = [:]
        var counts: [SeriesKey: Double] = [:]
        for (key, value) in values {
            switch key.name {
            case name + "_bucket":
                guard let le = key["le"].flatMap({ PrometheusText.parseValue(Substring($0)) }) else { continue }
                var series = key.removing(["le"])
                series.name = name
                bounds[series, default: []].append((le, value))
            case name + "_sum":
                var series = key
                series.name = name
                sums[series] = value
            case name + "_count":
                var series = key
                series.name = name
                counts[series] = value
            default:
                continue
            }
        }
        var out: [SeriesKey: BucketHistogram] = [:]
        for (series, buckets) in bounds {
            let sorted = buckets.sorted { $0.0 < $1.0 }
            out[series] = BucketHistogram(
                bounds: sorted.map(\.0), cumulative: sorted.map(\.1), sum: sums[series] ?? 0,
                count: counts[series] ?? sorted.last?.1 ?? 0)
        }
        return out
    }
}
