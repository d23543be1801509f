/// Stage rows of one phase from Milvus's metrics at its start and end.
package enum StageDeltas {
    package static func rows(
        phase: String, before: MetricsSnapshot, after: MetricsSnapshot, catalog: StageCatalog = .milvus
    ) -> [StageRow] {
        var rows: [StageRow] = []
        for stage in catalog.stages {
            let then = before.histograms(stage.metric)
            var groups: [SeriesKey: BucketHistogram] = [:]
            for (series, now) in after.histograms(stage.metric) {
                // Per pod first (a restarted pod resets only its own counters), then added up.
                let delta = now.since(then[series])
                let kept = Set(series.labels.map(\.name)).subtracting(stage.labels)
                let group = series.removing(kept)
                groups[group] = groups[group].map { $0.adding(delta) } ?? delta
            }
            for (group, histogram) in groups.sorted(by: { $0.key < $1.key }) where histogram.count > 0 {
                rows.append(
                    StageRow(
                        phase: phase, stage: stage.name, operation: operation(of: group) ?? stage.operation,
                        labels: group.labelText, metric: stage.metric, unit: stage.unit, histogram: histogram))
            }
        }
        return rows
    }

    /// `query_type=search` → search; `msg_type=insert` → insert; `function_name=Search` → search.
    static func operation(of series: SeriesKey) -> String? {
        for label in StageCatalog.operationLabels {
            if let value = series[label] { return value.prefix(1).lowercased() + value.dropFirst() }
        }
        return nil
    }
}
