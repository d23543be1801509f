import Foundation

/// Writes report files atomically: each goes to a temporary file in the same directory and is
/// renamed into place, so a reader (or a crash) never sees half a file.
public struct ReportWriter: Sendable {
    public let directory: String

    public init(directory: String) throws {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ReportError.io("cannot create the report directory \(directory): \(error.localizedDescription)")
        }
    }

    public func write(_ name: String, _ text: String) throws {
        try write(name, Data(text.utf8))
    }

    public func write(_ name: String, _ data: Data) throws {
        let target = URL(fileURLWithPath: directory).appendingPathComponent(name)
        let temporary = URL(fileURLWithPath: directory).appendingPathComponent(".\(name).tmp-\(getpid())")
        do {
            try data.write(to: temporary)
            // rename(2) replaces the target atomically within one file system.
            guard rename(temporary.path, target.path) == 0 else {
                throw ReportError.io(String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ReportError.io("cannot write \(target.path): \(error.localizedDescription)")
        }
    }

    public func path(_ name: String) -> String { URL(fileURLWithPath: directory).appendingPathComponent(name).path }
}

extension RunRecord {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    public func jsonData() throws -> Data { try Self.encoder.encode(self) }

    public static func load(path: String) throws -> RunRecord {
        let file = FileManager.default.fileExists(atPath: path + "/run.json") ? path + "/run.json" : path
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ReportError.io("cannot read \(file)")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(RunRecord.self, from: data)
        } catch {
            throw ReportError.invalidRun("\(file): \(error)")
        }
    }
}

/// Renders and writes every report file of a run from its record.
public enum RunReport {
    /// Returns the threshold outcomes (empty when the scenario has none).
    @discardableResult
    public static func write(_ run: RunRecord, to writer: ReportWriter, extraSections: [String] = []) throws -> [ThresholdReport.Outcome] {
        let rows = try LatencyRow.rows(of: run)
        let outcomes = try ThresholdReport.evaluate(run)
        try writer.write("run.json", try run.jsonData())
        try writer.write("latency.csv", CSVFiles.latency(rows))
        try writer.write("timeline.csv", CSVFiles.timeline(run))
        var sections = extraSections
        if !outcomes.isEmpty {
            sections.insert(ThresholdReport.markdown(outcomes), at: 0)
            try writer.write("junit.xml", ThresholdReport.junit(outcomes, scenario: run.scenario.name,
                                                                seconds: run.finishedAt.timeIntervalSince(run.startedAt)))
        }
        var shownStages: Set<String> = []
        if let tracing = run.tracing {
            try writer.write("components.csv", ComponentsReport.csv(tracing.breakdowns))
            try writer.write("coverage.csv", ComponentsReport.coverageCSV(tracing.breakdowns))
            sections.insert(ComponentsReport.markdown(tracing) { breakdown in
                let text = StagesReport.operationSection(run, breakdown: breakdown)
                if !text.isEmpty { shownStages.insert(breakdown.phase + "\u{0}" + breakdown.operation.lowercased()) }
                return text
            }, at: 0)
        }
        if StagesReport.hasMetrics(run) {
            try writer.write("stages.csv", StagesReport.csv(run))
            try writer.write("server_timeline.csv", StagesReport.timelineCSV(run))
            let section = StagesReport.section(run, shown: shownStages)
            if !section.isEmpty { sections.insert(section, at: run.tracing == nil ? 0 : 1) }
        } else if run.metricsSource != nil {
            sections.append("## What Milvus measured\n\nMilvus's metrics could not be read during the run (\(run.metricsSource!)); every other figure stands.\n")
        }
        try writer.write("summary.md", SummaryMarkdown.render(run, rows: rows, extraSections: sections))
        try writer.write("report.html", HTMLReport.render(run, rows: rows, outcomes: outcomes))
        return outcomes
    }
}
