import Analysis
import Foundation
import Scenario
import Traces
import Workload

/// Merges runs of the same scenario (e.g. from several load-generating machines): histograms are
/// added, never percentiles averaged; counts add up; a phase lasts as long as its longest part.
public enum RunMerge {
    public static func merge(_ runs: [RunRecord]) throws -> RunRecord {
        guard var merged = runs.first else { throw ReportError.invalidRun("nothing to merge") }
        for run in runs.dropFirst() {
            guard run.scenario.name == merged.scenario.name, run.phases.map(\.name) == merged.phases.map(\.name) else {
                throw ReportError.invalidRun("runs of different scenarios or phases cannot be merged: '\(merged.scenario.name)' [\(merged.phases.map(\.name).joined(separator: ", "))] and '\(run.scenario.name)' [\(run.phases.map(\.name).joined(separator: ", "))]")
            }
            for (index, phase) in run.phases.enumerated() {
                merged.phases[index] = try mergePhase(merged.phases[index], phase)
            }
            merged.startedAt = min(merged.startedAt, run.startedAt)
            merged.finishedAt = max(merged.finishedAt, run.finishedAt)
            if let partial = run.partial { merged.partial = [merged.partial, partial].compactMap { $0 }.joined(separator: "; ") }
            merged.notes += run.notes
        }
        merged.environment.hostname = runs.map(\.environment.hostname).joined(separator: " + ")
        merged.environment.cpuCores = runs.reduce(0) { $0 + $1.environment.cpuCores }
        merged.notes.append("Merged from \(runs.count) runs: \(runs.map { "\($0.environment.hostname) at \(ISO8601DateFormatter().string(from: $0.startedAt))" }.joined(separator: ", ")).")
        merged.tracing = nil
        return merged
    }

    static func mergePhase(_ a: PhaseRecord, _ b: PhaseRecord) throws -> PhaseRecord {
        var out = a
        out.elapsedSeconds = max(a.elapsedSeconds, b.elapsedSeconds)
        out.workers = a.workers + b.workers
        if let ra = a.rate, let rb = b.rate { out.rate = ArrivalRate(start: ra.start + rb.start, end: ra.end + rb.end) }
        out.sampledRequests = a.sampledRequests + b.sampledRequests
        out.sampled = (a.sampled ?? []) + (b.sampled ?? [])
        out.unsent = a.unsent.map { $0 + (b.unsent ?? 0) } ?? b.unsent
        out.stoppedEarly = [a.stoppedEarly, b.stoppedEarly].compactMap { $0 }.first
        var operations = Dictionary(uniqueKeysWithValues: a.operations.map { ($0.operation, $0) })
        for op in b.operations {
            guard var mine = operations[op.operation] else { operations[op.operation] = op; continue }
            var histogram = try mine.histogram.decode()
            histogram.add(try op.histogram.decode())
            mine.histogram = EncodedHistogram(histogram)
            mine.requests += op.requests
            mine.rows += op.rows
            mine.errors.merge(op.errors, uniquingKeysWith: +)
            mine.errorExamples = (mine.errorExamples ?? [:]).merging(op.errorExamples ?? [:]) { x, _ in x }
            operations[op.operation] = mine
        }
        out.operations = operations.values.sorted { $0.operation < $1.operation }
        var seconds = Dictionary(uniqueKeysWithValues: a.timeline.map { ($0.second, $0) })
        for point in b.timeline {
            guard let mine = seconds[point.second] else { seconds[point.second] = point; continue }
            seconds[point.second] = try mergePoint(mine, point)
        }
        out.timeline = seconds.values.sorted { $0.second < $1.second }
        return out
    }

    static func mergePoint(_ a: TimelinePoint, _ b: TimelinePoint) throws -> TimelinePoint {
        var out = TimelinePoint(second: a.second, requests: a.requests + b.requests, errors: a.errors + b.errors, p50Ms: 0, p99Ms: 0)
        if let ha = a.histogram, let hb = b.histogram {
            var histogram = try ha.decode()
            histogram.add(try hb.decode())
            let summary = LatencySummary(histogram)
            out.p50Ms = summary.p50
            out.p99Ms = summary.p99
            out.histogram = EncodedHistogram(histogram)
        } else {
            // Runs written before timelines kept histograms: the worse of the two is the honest bound.
            out.p50Ms = max(a.p50Ms, b.p50Ms)
            out.p99Ms = max(a.p99Ms, b.p99Ms)
        }
        return out
    }
}
