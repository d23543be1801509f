import Foundation
import ServerMetrics

/// Merges runs of the same scenario. Concurrent runs (several load-generating machines at once):
/// histograms are added, never percentiles averaged; counts, workers and rates add up; a phase
/// lasts as long as its longest part. Sequential runs (`sequential`, one after another): the same
/// histograms, but phases last as long as their parts together, so throughput is not added up.
package enum RunMerge {
    package static func merge(_ runs: [RunRecord], sequential: Bool = false) throws -> RunRecord {
        guard var merged = runs.first else { throw ResultsError.invalidRun("nothing to merge") }
        try checkDistinct(runs)
        try checkSegments(runs)
        if !sequential { try checkConcurrent(runs) }
        for run in runs.dropFirst() {
            guard run.scenario.name == merged.scenario.name, run.phases.map(\.name) == merged.phases.map(\.name) else {
                throw ResultsError.refused(
                    "runs of different scenarios or phases cannot be merged: '\(merged.scenario.name)' [\(merged.phases.map(\.name).joined(separator: ", "))] and '\(run.scenario.name)' [\(run.phases.map(\.name).joined(separator: ", "))]"
                )
            }
            for (index, phase) in run.phases.enumerated() {
                merged.phases[index] =
                    sequential
                    ? try appendPhase(merged.phases[index], phase)
                    : try mergePhase(aligning: merged.phases[index], phase)
            }
            merged.startedAt = min(merged.startedAt, run.startedAt)
            merged.finishedAt = max(merged.finishedAt, run.finishedAt)
            if let partial = run.partial {
                merged.partial = [merged.partial, partial].compactMap { $0 }.joined(separator: "; ")
            }
            merged.notes += run.notes
        }
        merged.environment.hostname = runs.map(\.environment.hostname).joined(separator: " + ")
        merged.environment.cpuCores = runs.reduce(0) { $0 + $1.environment.cpuCores }
        merged.notes.append(
            "Merged from \(runs.count) runs\(sequential ? " made one after the other" : " made at the same time"): \(runs.map { "\($0.environment.hostname) at \(ISO8601DateFormatter().string(from: $0.startedAt))" }.joined(separator: ", "))."
        )
        if !sequential && runs.contains(where: { $0.phases.contains { $0.server != nil } }) {
            merged.notes.append(
                "Milvus's stage metrics and server timeline are those the first run read: every run read the same server over the same time."
            )
        }
        merged.tracing = nil
        if let count = runs.first?.segment?.count {
            merged.segment = nil
            merged.notes.append("The \(count) segments of one split run (--segment I/\(count)), merged.")
        }
        return merged
    }

    /// Segments of a split run merge only all together, each once: a missing one would report a
    /// fraction of the load as the whole, a repeated one would count its share twice.
    static func checkSegments(_ runs: [RunRecord]) throws {
        let segments = runs.compactMap(\.segment)
        guard !segments.isEmpty else { return }
        guard segments.count == runs.count else {
            throw ResultsError.refused(
                "\(runs.count - segments.count) of the runs are whole runs and \(segments.count) are segments of a split run: merge the segments of one split run together"
            )
        }
        let count = segments[0].count
        guard segments.allSatisfy({ $0.count == count }) else {
            throw ResultsError.refused(
                "the runs are segments of splits into different numbers (\(Set(segments.map(\.count)).sorted().map(String.init).joined(separator: ", "))): merge the segments of one split run"
            )
        }
        let indexes = segments.map(\.index)
        let repeated = Dictionary(grouping: indexes, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        guard repeated.isEmpty else {
            throw ResultsError.refused(
                "segment\(repeated.count == 1 ? "" : "s") \(repeated.map { "\($0)/\(count)" }.joined(separator: ", ")) given more than once: each segment's share would count twice"
            )
        }
        let missing = Set(0..<count).subtracting(indexes).sorted()
        guard missing.isEmpty else {
            throw ResultsError.refused(
                "segment\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) missing: the merge would report \(indexes.count) of \(count) shares of the load as the whole"
            )
        }
    }

    /// The same run twice (one directory given twice, or a copy of it) would double every count.
    static func checkDistinct(_ runs: [RunRecord]) throws {
        var seen: [String: Int] = [:]
        for (index, run) in runs.enumerated() {
            // Segments of one split run may share a machine and, to the second, their start and end.
            let identity =
                "\(run.environment.hostname)|\(run.startedAt.timeIntervalSince1970)|\(run.finishedAt.timeIntervalSince1970)|"
                + (run.segment.map { "\($0.index)/\($0.count)" } ?? "")
            if let first = seen[identity] {
                throw ResultsError.refused(
                    "runs \(first + 1) and \(index + 1) are the same run (\(run.environment.hostname), started \(ISO8601DateFormatter().string(from: run.startedAt))): merging a run with itself would double every count"
                )
            }
            seen[identity] = index
        }
    }

    /// Concurrent runs' phases overlap in time; runs made one after the other do not, and adding
    /// their throughputs would report a load that never happened.
    static func checkConcurrent(_ runs: [RunRecord]) throws {
        guard let first = runs.first else { return }
        for run in runs.dropFirst() {
            for (a, b) in zip(first.phases, run.phases) {
                let aEnd = a.startedAt.addingTimeInterval(a.elapsedSeconds)
                let bEnd = b.startedAt.addingTimeInterval(b.elapsedSeconds)
                if a.startedAt >= bEnd || b.startedAt >= aEnd {
                    let time = ISO8601DateFormatter()
                    throw ResultsError.refused(
                        "phase \(a.name) did not run at the same time in every run (\(time.string(from: a.startedAt)) for \(String(format: "%.1f", a.elapsedSeconds)) s on \(first.environment.hostname), \(time.string(from: b.startedAt)) for \(String(format: "%.1f", b.elapsedSeconds)) s on \(run.environment.hostname)): merging would add the throughputs of loads that never ran together. Give --sequential to merge runs made one after the other"
                    )
                }
            }
        }
    }

    /// Sequential runs: one phase as long as both parts, with `b`'s seconds after `a`'s.
    package static func appendPhase(_ a: PhaseRecord, _ b: PhaseRecord) throws -> PhaseRecord {
        var out = try mergePhase(a, b)
        out.elapsedSeconds = a.elapsedSeconds + b.elapsedSeconds
        out.workers = max(a.workers, b.workers)
        out.rate = a.rate ?? b.rate
        // After `a`'s last second, whether its final second was whole or not.
        let shift = max(Int(a.elapsedSeconds.rounded(.up)), (a.timeline.map(\.second).max() ?? -1) + 1)
        out.timeline =
            a.timeline
            + b.timeline.map { point in
                var point = point
                point.second += shift
                return point
            }
        // Milvus's metrics of two separate windows add up; its timeline follows on.
        if let sa = a.server, let sb = b.server {
            var stages = sa.stages
            for row in sb.stages {
                if let i = stages.firstIndex(where: {
                    $0.stage == row.stage && $0.labels == row.labels && $0.metric == row.metric
                }) {
                    stages[i].histogram = stages[i].histogram.adding(row.histogram)
                } else {
                    stages.append(row)
                }
            }
            let timeline = sa.timeline + sb.timeline.map { ServerSample(second: $0.second + shift, values: $0.values) }
            out.server = PhaseServerMetrics(stages: stages, timeline: timeline, problem: sa.problem ?? sb.problem)
        } else {
            out.server = a.server ?? b.server
        }
        return out
    }

    /// Concurrent phases on one wall clock: the later one's timeline seconds shifted by how much
    /// later it started (to the second), both starting at the earlier start, lasting to the later end.
    static func alignedPhases(_ a: PhaseRecord, _ b: PhaseRecord) -> (PhaseRecord, PhaseRecord) {
        var (early, late) = a.startedAt <= b.startedAt ? (a, b) : (b, a)
        let shift = Int(late.startedAt.timeIntervalSince(early.startedAt).rounded())
        let end = max(
            early.startedAt.addingTimeInterval(early.elapsedSeconds),
            late.startedAt.addingTimeInterval(late.elapsedSeconds))
        if shift > 0 {
            late.timeline = late.timeline.map { point in
                var point = point
                point.second += shift
                return point
            }
        }
        late.startedAt = early.startedAt
        late.elapsedSeconds = end.timeIntervalSince(early.startedAt)
        early.elapsedSeconds = late.elapsedSeconds
        return a.startedAt <= b.startedAt ? (early, late) : (late, early)
    }

    static func mergePhase(aligning a: PhaseRecord, _ b: PhaseRecord) throws -> PhaseRecord {
        let (first, second) = alignedPhases(a, b)
        return try mergePhase(first, second)
    }

    static func mergePhase(_ a: PhaseRecord, _ b: PhaseRecord) throws -> PhaseRecord {
        var out = a
        out.elapsedSeconds = max(a.elapsedSeconds, b.elapsedSeconds)
        out.workers = a.workers + b.workers
        if let ra = a.rate, let rb = b.rate { out.rate = RateRecord(start: ra.start + rb.start, end: ra.end + rb.end) }
        out.sampledRequests = a.sampledRequests + b.sampledRequests
        out.sampled = (a.sampled ?? []) + (b.sampled ?? [])
        out.unsent = a.unsent.map { $0 + (b.unsent ?? 0) } ?? b.unsent
        out.stoppedEarly = [a.stoppedEarly, b.stoppedEarly].compactMap { $0 }.first
        var operations = Dictionary(a.operations.map { ($0.operation, $0) }, uniquingKeysWith: { first, _ in first })
        for op in b.operations {
            guard var mine = operations[op.operation] else {
                operations[op.operation] = op
                continue
            }
            var histogram = try mine.histogram.decode()
            histogram.add(try op.histogram.decode())
            mine.histogram = EncodedHistogram(histogram)
            mine.requests += op.requests
            mine.rows += op.rows
            mine.recall = mine.recall.map { $0.adding(op.recall) } ?? op.recall
            mine.errors.merge(op.errors, uniquingKeysWith: +)
            mine.errorExamples = (mine.errorExamples ?? [:]).merging(op.errorExamples ?? [:]) { x, _ in x }
            operations[op.operation] = mine
        }
        out.operations = operations.values.sorted { $0.operation < $1.operation }
        var seconds: [Int: TimelinePoint] = [:]
        for point in a.timeline { seconds[point.second] = try seconds[point.second].map { try mergePoint($0, point) } ?? point }
        for point in b.timeline {
            guard let mine = seconds[point.second] else {
                seconds[point.second] = point
                continue
            }
            seconds[point.second] = try mergePoint(mine, point)
        }
        out.timeline = seconds.values.sorted { $0.second < $1.second }
        return out
    }

    static func mergePoint(_ a: TimelinePoint, _ b: TimelinePoint) throws -> TimelinePoint {
        var out = TimelinePoint(
            second: a.second, requests: a.requests + b.requests, errors: a.errors + b.errors, p50Ms: 0, p99Ms: 0)
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
