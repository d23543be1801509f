import Foundation
import Results

/// summary.md: what a person reads first. Sections are separate functions so later reports
/// (tracing, overhead) add theirs without touching these.
package enum SummaryMarkdown {
    package static func render(
        _ run: RunRecord, rows: [LatencyRow], lead: String? = nil, findings: String? = nil, extraSections: [String] = []
    ) -> String {
        // A failed run says so before anything else: its figures are not a measurement of Milvus
        // working normally.
        var out = run.failure.map { "**Run failed: \(markdownCell($0)).**\(logNote(run))\n\n" } ?? ""
        out += "# traceload: \(run.scenario.name)\n\n"
        if let lead { out += lead + "\n\n" }
        if let partial = run.partial {
            out +=
                "> **Partial run** — stopped early: \(partial). The figures below cover what was measured before it stopped.\n\n"
        }
        if let findings { out += findings + "\n" }
        out += header(run)
        out += "\n## Latency per phase and operation\n\n"
        out +=
            "Percentiles in milliseconds over successful requests, from merged HDR histograms; throughput counts successful requests per second.\n\n"
        out += latencyTable(rows)
        out += errorsSection(run)
        out += phasesSection(run)
        for section in extraSections { out += "\n" + section }
        if !run.notes.isEmpty {
            out += "\n## Notes\n\n" + run.notes.map { "- \($0)\n" }.joined()
        }
        return out
    }

    static func logNote(_ run: RunRecord) -> String {
        run.failure?.contains("Milvus exited") == true
            ? " The tail of Milvus's logs is in milvus-logs-tail.txt; the figures below cover what was measured." : ""
    }

    static func header(_ run: RunRecord) -> String {
        let env = run.environment
        let formatter = ISO8601DateFormatter()
        let seconds = run.finishedAt.timeIntervalSince(run.startedAt)
        return """
            | | |
            |---|---|
            | Milvus | \(env.milvusVersion) (\(env.milvusTarget)) |
            | Collection | \(run.scenario.collection.name): dim \(run.scenario.collection.dim), \(run.scenario.collection.metric), \(run.scenario.collection.indexType), \(run.scenario.collection.preloadRows) rows preloaded |
            | Started | \(formatter.string(from: run.startedAt)) (\(fixed(seconds, 0)) s in all) |
            | Machine | \(env.hostname): \(env.cpuCores) cores, \(fixed(env.memoryGiB, 1)) GiB, \(env.operatingSystem) |
            | Tool | \(run.tool) |

            """
    }

    /// A recall column (recall@k of the searches checked) only when some phase measured it.
    package static func latencyTable(_ rows: [LatencyRow]) -> String {
        let withRecall = rows.contains { $0.recall != nil }
        var out = "| phase | operation | requests | errors | throughput/s | p50 | p90 | p99 | p99.9 | max | mean |"
        out += withRecall ? " recall |\n" : "\n"
        out += "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|" + (withRecall ? "--:|\n" : "\n")
        for row in rows {
            let cells = row.latency.count == 0 ? ["no successful request", "", "", "", "", ""] : row.latency.cells
            out +=
                "| \(row.phase) | \(row.operation) | \(row.requests) | \(row.errors) | \(fixed(row.throughputPerSecond, 1)) | "
            out += cells.joined(separator: " | ") + " |"
            out += withRecall ? " \(row.recall.map(recallCell) ?? "") |\n" : "\n"
        }
        return out
    }

    /// `0.9870 (k=10, 500 searches)`.
    static func recallCell(_ recall: RecallRecord) -> String {
        guard let value = recall.recall else { return "" }
        return "\(fixed(value, 4)) (\(recall.searches) searches)"
    }

    static func errorsSection(_ run: RunRecord) -> String {
        var lines: [String] = []
        for phase in run.phases where !phase.warmup {
            for op in phase.operations where op.errorCount > 0 {
                let kinds = op.errors.sorted { $0.value > $1.value }.map { kind, count in
                    let example =
                        op.errorExamples?[kind].map { " (e.g. \(markdownCell(String($0.prefix(160)))))" } ?? ""
                    return "\(kind) × \(count)\(example)"
                }.joined(separator: "; ")
                lines.append("| \(phase.name) | \(op.operation) | \(op.errorCount) | \(kinds) |")
            }
        }
        guard !lines.isEmpty else { return "\nNo request failed.\n" }
        return "\n## Errors\n\n| phase | operation | errors | by kind |\n|---|---|--:|---|\n"
            + lines.joined(separator: "\n") + "\n"
    }

    static func phasesSection(_ run: RunRecord) -> String {
        var out = "\n## Phases\n\n| phase | load | ran for | sampled for tracing |\n|---|---|--:|--:|\n"
        for phase in run.phases {
            var load: String
            if let rate = phase.rate {
                load =
                    rate.start == rate.end
                    ? "open loop, \(fixed(rate.start, 0)) req/s, \(phase.workers) workers"
                    : "open loop, ramp \(fixed(rate.start, 0))→\(fixed(rate.end, 0)) req/s, \(phase.workers) workers"
            } else {
                load = "closed loop, \(phase.workers) workers"
            }
            if let unsent = phase.unsent, unsent > 0 {
                load += "; **\(unsent) scheduled requests not sent**: Milvus fell behind the rate"
            }
            if let stopped = phase.unsentAfterStop, stopped > 0 {
                load +=
                    "; \(stopped) scheduled requests not sent because the run stopped at \(fixed(phase.stoppedAfterSeconds ?? 0, 1)) s"
            }
            let name = phase.warmup ? "\(phase.name) (warm-up, not reported)" : phase.name
            var ran = "\(fixed(phase.elapsedSeconds, 1)) s"
            if let stopped = phase.stoppedEarly { ran += " (stopped: \(stopped))" }
            out += "| \(name) | \(load) | \(ran) | \(phase.sampledRequests) (fraction \(phase.sampleFraction)) |\n"
        }
        // Phases the scenario has that never started (the run stopped before them).
        for phase in run.scenario.phases.dropFirst(run.phases.count) {
            out += "| \(phase.name)\(phase.warmup ? " (warm-up)" : "") | not run: the run stopped before it | – | – |\n"
        }
        return out
    }
}

/// Text safe inside a Markdown table cell.
package func markdownCell(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
}
