/// One row of stages.csv: what Milvus measured of one stage (and one label set) during one phase.
package struct StageRow: Sendable, Codable, Equatable {
    package var phase: String
    package var stage: String
    /// The operation it belongs to (`search`, `insert`, `query`, or another gRPC method), when known.
    package var operation: String?
    /// `query_type=search;scope=FromLeader`: the labels that tell the stage's variants apart.
    package var labels: String
    package var metric: String
    package var unit: StageCatalog.Stage.Unit
    /// The observations during the phase (what changed between its start and end).
    package var histogram: BucketHistogram

    package init(
        phase: String, stage: String, operation: String?, labels: String, metric: String, unit: StageCatalog.Stage.Unit,
        histogram: BucketHistogram
    ) {
        self.phase = phase
        self.stage = stage
        self.operation = operation
        self.labels = labels
        self.metric = metric
        self.unit = unit
        self.histogram = histogram
    }

    package var count: Double { histogram.count }
    /// Exact: the histogram's sum over its count.
    package var mean: Double? { histogram.mean }
    /// Estimated from the buckets, as `histogram_quantile` does.
    package func quantile(_ q: Double) -> Double? { histogram.quantile(q) }
}
