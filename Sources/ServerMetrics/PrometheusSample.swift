/// The Prometheus text exposition format (what Milvus serves on `:9091/metrics`), read into
/// samples. Only what traceload needs: names, labels and values; timestamps are ignored.
public struct PrometheusSample: Sendable, Equatable {
    public var name: String
    public var labels: [String: String]
    public var value: Double
}
