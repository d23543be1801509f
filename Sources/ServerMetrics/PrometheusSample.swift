/// The Prometheus text exposition format (what Milvus serves on `:9091/metrics`), read into
/// samples. Only what traceload needs: names, labels and values; timestamps are ignored.
package struct PrometheusSample: Sendable, Equatable {
    package var name: String
    package var labels: [String: String]
    package var value: Double
}
