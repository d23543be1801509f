/// One row of stages.csv: what Milvus measured of one stage (and one label set) during one phase.
public struct StageRow: Sendable, Codable, Equatable {
    public var phase: String
    public var stage: String
    /// The operation it belongs to (`search`, `insert`, `query`, or another gRPC method), when known.
    public var operation: String?
    /// `query_type=search;scope=FromLeader`: the labels that tell the stage's variants apart.
    public var labels: String
    public var metric: String
    public var unit: StageCatalog.Stage.Unit
    /// The observations during the phase (what changed between its start and end).
    public var histogram: BucketHistogram

    public var count: Double { histogram.count }
    /// Exact: the histogram's sum over its count.
    public var mean: Double? { histogram.mean }
    /// Estimated from the buckets, as `histogram_quantile` does.
    public func quantile(_ q: Double) -> Double? { histogram.quantile(q) }
}
