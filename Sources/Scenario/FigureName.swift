/// The name of a figure a run is measured by: a latency percentile, throughput, an error count,
/// CPU per request, ... Thresholds name them (`search.p99_ms`), round records key their values by
/// them (`throughput_per_s`, `search.p50_ms`), comparisons and diffs read them back. They live
/// here, in the first module that names them (the scenario's thresholds), so that everything
/// after it spells them the same way: a misspelt figure does not compile.
/// The raw values are what run.json, compare's round lines and the scenario file hold.
package enum FigureName: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    // An operation's latency, in milliseconds.
    case p50 = "p50_ms"
    case p90 = "p90_ms"
    case p99 = "p99_ms"
    case p999 = "p999_ms"
    case max = "max_ms"
    case mean = "mean_ms"
    // An operation's (or a round's) successful requests per second.
    case throughput = "throughput_per_s"
    // An operation's failed requests (or their rate, in a threshold with a percentage), all its
    // requests, and the share of searches' expected neighbours found.
    case errors
    case requests
    case recall
    /// A component's mean over the operation's mean latency (a component threshold).
    case shareOfMean = "share_of_mean"
    /// How often a Milvus stage was observed (a stage threshold).
    case count
    // A round's whole: its failed requests in percent, CPU per request on both sides (and
    // beyond idle), Milvus's memory, the spans exported per second and dropped.
    case errorRate = "error_rate_pct"
    case clientCPU = "client_cpu_ms_per_req"
    case clientWork = "client_work_ms_per_req"
    case serverCPU = "server_cpu_ms_per_req"
    case serverWork = "server_work_ms_per_req"
    case serverMemory = "server_rss_mib"
    case spansPerSecond = "spans_per_s"
    case spansDropped = "spans_dropped"

    /// A request's latency in milliseconds: a percentile, the mean or the maximum.
    package var isLatency: Bool { [.p50, .p90, .p99, .p999, .max, .mean].contains(self) }

    /// For a latency percentile, which quantile it is (nil for every other figure, the mean and
    /// the maximum included).
    package var quantile: Double? {
        switch self {
        case .p50: 0.5
        case .p90: 0.9
        case .p99: 0.99
        case .p999: 0.999
        default: nil
        }
    }

    /// As files hold it, so that a name reads the same in every message.
    package var description: String { rawValue }
}
