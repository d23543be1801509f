import ArgumentParser
import Engine
import Foundation
import Report
import Results

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge runs of the same scenario (e.g. from several machines) into one report.",
        discussion: """
            Histograms are added, never percentiles averaged; counts add up; workers and open-loop rates add up. \
            When every run directory holds its spans.jsonl, the merged run is traced too: its sampled requests \
            are correlated again over all the runs' spans.
            """
    )

    @Argument(help: "Run directories (or run.json files), at least two.")
    var runs: [String]

    @Option(name: .long, help: "Directory for the merged report.")
    var out: String

    @Flag(
        name: .long,
        help:
            "The runs were made one after the other, not at the same time: their phases follow on instead of adding up."
    )
    var sequential = false

    func validate() throws {
        guard runs.count >= 2 else { throw ValidationError("give at least two runs to merge") }
    }

    func run() throws {
        var merged: RunRecord
        do {
            merged = try RunMerge.merge(runs.map(loadRun), sequential: sequential)
        } catch let error as ResultsError {
            printError("traceload: \(error)")
            throw ExitCode(ExitCodes.badInput)
        }
        let spanFiles = runs.map { runDirectory(of: $0) + "/spans.jsonl" }
        if spanFiles.allSatisfy(FileManager.default.fileExists(atPath:)), let first = try? loadRun(runs[0]),
            let tracing = first.tracing
        {
            merged.tracing = try TrafficAnalysis.reanalyse(
                merged: merged, spanFiles: spanFiles, clientService: tracing.clientService)
        }
        let writer = try ReportWriter(directory: out)
        let crossed = try RunReport.write(merged, to: writer).filter { !$0.passed }
        print("report: \(out)")
        if !crossed.isEmpty {
            reportCrossed(crossed, junit: out + "/junit.xml")
            throw ExitCode(ExitCodes.thresholdsCrossed)
        }
    }
}

func loadRun(_ path: String) throws -> RunRecord {
    do {
        return try RunRecord.load(path: path)
    } catch {
        printError("traceload: \(error)")
        throw ExitCode(ExitCodes.badInput)
    }
}

func runDirectory(of path: String) -> String {
    path.hasSuffix(".json") ? URL(fileURLWithPath: path).deletingLastPathComponent().path : path
}
