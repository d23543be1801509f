import Findings
import Foundation
import Results
import Traces

/// Renders and writes every report file of a run from its record.
package enum RunReport {
    /// A finished run: its report files, spans.jsonl with the sampled traces' spans, and the tail
    /// of Milvus's logs when the embedded Milvus failed; and its headline appended to `summary`.
    @discardableResult
    package static func write(_ output: RunOutput, to writer: ReportWriter, summary: StepSummary? = nil) throws
        -> [ThresholdReport.Outcome]
    {
        let outcomes = try write(output.record, to: writer, summary: summary)
        if !output.spans.isEmpty { try writer.write("spans.jsonl", OTLPJSONWriter.lines(output.spans)) }
        if let tail = output.milvusLogTail, !tail.isEmpty { try writer.write("milvus-logs-tail.txt", tail) }
        if !output.answers.isEmpty {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try writer.write(
                "answers.jsonl",
                try output.answers.map { String(decoding: try encoder.encode($0), as: UTF8.self) }.joined(separator: "\n")
                    + "\n")
        }
        return outcomes
    }

    /// Returns the threshold outcomes (empty when the scenario has none).
    @discardableResult
    package static func write(
        _ run: RunRecord, to writer: ReportWriter, extraSections: [String] = [], summary: StepSummary? = nil
    ) throws -> [ThresholdReport.Outcome] {
        let rows = try LatencyRow.rows(of: run)
        let outcomes = try ThresholdReport.evaluate(run)
        let findings = Findings.of(run)
        try writer.write("findings.csv", FindingsReport.csv(findings))
        let curve = CurveReport.points(run)
        if !curve.isEmpty { try writer.write("curve.csv", CurveReport.csv(curve)) }
        try writer.write("run.json", try run.jsonData())
        try writer.write("latency.csv", CSVFiles.latency(rows))
        try writer.write("timeline.csv", CSVFiles.timeline(run))
        var sections = extraSections
        if !outcomes.isEmpty {
            sections.insert(ThresholdReport.markdown(outcomes), at: 0)
            try writer.write(
                "junit.xml",
                ThresholdReport.junit(
                    outcomes, scenario: run.scenario.name,
                    seconds: run.finishedAt.timeIntervalSince(run.startedAt)))
        }
        var shownStages: Set<String> = []
        if let tracing = run.tracing {
            try writer.write("components.csv", ComponentsReport.csv(tracing.breakdowns))
            try writer.write("coverage.csv", ComponentsReport.coverageCSV(tracing.breakdowns))
            sections.insert(
                ComponentsReport.markdown(tracing, explain: { Findings.waitExplanation(run, $0) }) { breakdown in
                    let text = StagesReport.operationSection(run, breakdown: breakdown)
                    if !text.isEmpty {
                        shownStages.insert(breakdown.phase + "\u{0}" + breakdown.operation.lowercased())
                    }
                    return text
                }, at: 0)
        }
        if StagesReport.hasMetrics(run) {
            try writer.write("stages.csv", StagesReport.csv(run))
            try writer.write("server_timeline.csv", StagesReport.timelineCSV(run))
            let section = StagesReport.section(run, shown: shownStages)
            if !section.isEmpty { sections.insert(section, at: run.tracing == nil ? 0 : 1) }
        } else if run.metricsSource != nil {
            sections.append(
                "## What Milvus measured\n\nMilvus's metrics could not be read during the run (\(run.metricsSource!)); every other figure stands.\n"
            )
        }
        let findingsSection = FindingsReport.markdown(findings)
        try writer.write(
            "summary.md",
            SummaryMarkdown.render(
                run, rows: rows, lead: ThresholdReport.lead(outcomes), findings: findingsSection,
                extraSections: sections))
        try writer.write(
            "report.html", HTMLReport.render(run, rows: rows, outcomes: outcomes, findings: findings, curve: curve))
        try summary?.append(
            StepSummary.render(
                run, rows: rows, outcomes: outcomes, findings: findingsSection, report: writer.directory))
        return outcomes
    }
}
