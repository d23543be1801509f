import Analysis
import Foundation
import Results
import ServerMetrics

/// stages.csv, server_timeline.csv and what summary.md says of Milvus's own metrics: the stages
/// Milvus measures beside the components its spans show, and which stage measures which untraced
/// wait.
package enum StagesReport {
    package static let header = "phase,stage,labels,count,mean_ms,p50_ms,p90_ms,p99_ms,metric"

    /// One row per phase, stage and label set: counts and means exact, percentiles estimated from
    /// Milvus's buckets (as Prometheus's histogram_quantile does). Latency stages only; the search
    /// group sizes (a count) are in run.json and summary.md.
    package static func csv(_ run: RunRecord) -> String {
        var out = header + "\n"
        for phase in run.phases where !phase.warmup {
            for row in phase.server?.stages ?? [] where row.unit == .milliseconds {
                out +=
                    [
                        csvField(phase.name), csvField(row.stage), csvField(row.labels), count(row.count),
                        optional(row.mean), optional(row.quantile(0.5)), optional(row.quantile(0.9)),
                        optional(row.quantile(0.99)),
                        row.metric,
                    ].joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// `phase,second,` then one column per timeline column, empty where Milvus does not expose it.
    package static func timelineCSV(_ run: RunRecord, columns: [TimelineColumn] = TimelineColumn.milvus) -> String {
        var out = "phase,second," + columns.map(\.name).joined(separator: ",") + "\n"
        for phase in run.phases where !phase.warmup {
            for sample in phase.server?.timeline ?? [] {
                out +=
                    ([csvField(phase.name), String(sample.second)]
                    + columns.map { sample.values[$0.name].map { fixed($0) } ?? "" })
                    .joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// Whether the run has stage or timeline figures to write.
    package static func hasMetrics(_ run: RunRecord) -> Bool {
        run.phases.contains { $0.server != nil }
    }

    /// Stage rows of `operation` in `phase` (the names of analyze's gRPC methods compared in lower case).
    static func rows(_ run: RunRecord, phase: String, operation: String) -> [StageRow] {
        let wanted = operation.lowercased()
        return run.phases.first { $0.name == phase }?.server?.stages.filter { $0.operation?.lowercased() == wanted }
            ?? []
    }

    /// Below an operation's component tables: what Milvus measured of it, and which stage measures
    /// the untraced time.
    package static func operationSection(_ run: RunRecord, breakdown b: OperationBreakdown) -> String {
        let stages = rows(run, phase: b.phase, operation: b.operation)
        guard !stages.isEmpty else { return "" }
        var out = ""
        if let groups = stages.first(where: { $0.stage == "querynode.search_group_size" }), groups.count > 0,
            (b.coverage.missing ?? []).contains(where: { ["segcore", "querynode"].contains($0.component) })
        {
            let merged = groups.histogram.sum
            let tasks = groups.count
            let alone = groups.histogram.bounds.first == 1 ? groups.histogram.cumulative.first ?? 0 : nil
            out +=
                "\nWhy traces lack segcore spans: in this phase Milvus's query node merged \(count(merged)) sub-searches into \(count(tasks)) tasks"
            out += alone.map { " (\(count($0)) ran alone)" } ?? ""
            out +=
                "; a merged task's segcore work is traced under the request that leads it only (`milvus_querynode_search_group_size`).\n"
        }
        if let top = b.untraced?.first(where: { $0.meanMs > 0 }), let names = StageCatalog.untracedWaits[top.span] {
            // The stages that hold time (a stage of a few microseconds explains nothing).
            let measured = names.compactMap { name in stages.filter { $0.stage == name }.max { $0.count < $1.count } }
                .filter { ($0.mean ?? 0) >= 0.05 }
            if !measured.isEmpty {
                out +=
                    "\nMilvus measures the wait that no span covers inside \(top.span) (\(fixed(top.meanMs, 1)) ms per request here): "
                out +=
                    measured.map {
                        "`\($0.stage)`" + ($0.labels.isEmpty ? "" : " {\($0.labels)}")
                            + " \(optional($0.mean, 1)) ms mean over \(count($0.count))"
                    }
                    .joined(separator: ", ") + ".\n"
            }
        }
        out +=
            "\nMilvus's own stage metrics for \(b.operation) in this phase (means exact, percentiles ~ estimated from its histogram buckets):\n\n"
        out += table(stages)
        return out
    }

    /// Stages that no operation section showed (tracing off, or operations without traces).
    package static func section(_ run: RunRecord, shown: Set<String>) -> String {
        var out = ""
        for phase in run.phases where !phase.warmup {
            guard let server = phase.server else { continue }
            let rest = server.stages.filter {
                !shown.contains(phase.name + "\u{0}" + ($0.operation?.lowercased() ?? ""))
            }
            if let problem = server.problem { out += "\n> Phase \(phase.name): \(problem)\n" }
            guard !rest.isEmpty else { continue }
            out += "\n### Phase \(phase.name)\n\n" + table(rest)
        }
        guard !out.isEmpty else { return "" }
        return
            "## What Milvus measured\n\nMilvus's own stage histograms over each phase (source: \(run.metricsSource ?? "Milvus's metrics")); "
            + "counts and means exact, percentiles ~ estimated from its buckets.\n" + out
    }

    static func table(_ rows: [StageRow]) -> String {
        var out =
            "| stage | labels | count | mean | ~p50 | ~p90 | ~p99 | what it measures |\n|---|---|--:|--:|--:|--:|--:|---|\n"
        for row in rows {
            let unit = row.unit == .milliseconds ? " ms" : ""
            let meaning = StageCatalog.milvus.stages.first { $0.metric == row.metric }?.meaning ?? ""
            out +=
                "| \(row.stage) | \(markdownCell(row.labels)) | \(count(row.count)) | \(optional(row.mean))\(unit) | \(estimate(row, 0.5)) | "
            out += "\(estimate(row, 0.9)) | \(estimate(row, 0.99)) | \(markdownCell(meaning)) |\n"
        }
        return out
    }

    /// A quantile that falls in the first bucket says only that it is below that bound (the
    /// estimate would spread the bucket's observations evenly from zero).
    static func estimate(_ row: StageRow, _ q: Double) -> String {
        let h = row.histogram
        if let first = h.cumulative.first, let bound = h.bounds.first, bound.isFinite, h.count > 0, first >= q * h.count
        {
            return "≤ \(count(bound))"
        }
        return optional(row.quantile(q))
    }

    static func optional(_ value: Double?, _ decimals: Int = 3) -> String { value.map { fixed($0, decimals) } ?? "" }

    static func count(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : fixed(value, 1) }
}
