import Foundation
import Results
import Scenario
import Workload

/// What a round used of the machine, summed over its measured phases (trace collection and
/// warm-ups between them left out).
struct ResourceUsage: Sendable {
    var clientCPU = 0.0
    var serverCPU: Double? = 0
    var serverResident: Double?
    var spansDropped: Int? = 0

    /// Adds what was used between two snapshots; a figure missing at either end leaves its sum unknown.
    mutating func add(from before: ResourceProbe.Snapshot, to after: ResourceProbe.Snapshot) {
        clientCPU += after.clientCPU - before.clientCPU
        if let sum = serverCPU, let start = before.serverCPU, let end = after.serverCPU {
            serverCPU = sum + end - start
        } else {
            serverCPU = nil
        }
        if let resident = after.serverResident { serverResident = max(serverResident ?? 0, resident) }
        if let sum = spansDropped, let start = before.spansDropped, let end = after.spansDropped {
            spansDropped = sum + end - start
        } else {
            spansDropped = nil
        }
    }
}

/// One round's figures from its measured phases and what they used: throughput, latency per
/// operation (p50, p99, and the mean, which leads where a p50 rests on too few requests), error
/// rate, recall, CPU per request on both sides, server memory, and the spans dropped, each under
/// its `FigureKey`. (The spans exported per second come later, once the
/// exporters have sent them: `CompareEngine.attributeSpans`.)
enum RoundFigures {
    static func record(round: Int, position: Int? = nil, results: [PhaseResult], usage: ResourceUsage)
        -> RoundRecord
    {
        var values: [FigureKey: Double] = [:]
        var samples: [FigureKey: Int] = [:]
        var operations: [OperationKind: OperationStats] = [:]
        var seconds = 0.0
        for result in results {
            seconds += result.elapsedSeconds
            for (kind, stats) in result.operations where stats.requests > 0 {
                operations[kind, default: OperationStats()].merge(stats)
            }
        }
        let requests = operations.values.reduce(0) { $0 + $1.requests }
        let successes = operations.values.reduce(0) { $0 + $1.successes }
        if seconds > 0 {
            values[.throughput] = Double(successes) / seconds
            samples[.throughput] = successes
        }
        if requests > 0 {
            values[.errorRate] = 100 * Double(requests - successes) / Double(requests)
            samples[.errorRate] = requests
            values[.clientCPU] = usage.clientCPU * 1000 / Double(requests)
            samples[.clientCPU] = requests
            if let cpu = usage.serverCPU {
                values[.serverCPU] = cpu * 1000 / Double(requests)
                samples[.serverCPU] = requests
            }
        }
        for (kind, stats) in operations where stats.successes > 0 {
            let summary = LatencySummary(stats.histogram)
            for (name, value) in [(FigureName.p50, summary.p50), (.p99, summary.p99), (.mean, summary.mean)] {
                values[FigureKey(kind, name)] = value
                samples[FigureKey(kind, name)] = stats.successes
            }
            if stats.recallExpected > 0 {
                values[FigureKey(kind, .recall)] = Double(stats.recallHits) / Double(stats.recallExpected)
                samples[FigureKey(kind, .recall)] = stats.recallChecked
            }
        }
        if let resident = usage.serverResident { values[.serverMemory] = resident / 1_048_576 }
        if let dropped = usage.spansDropped { values[.spansDropped] = Double(dropped) }
        let started = results.first.map { Double($0.startUnixNanos) / 1e9 } ?? Date().timeIntervalSince1970
        return RoundRecord(
            round: round, position: position, startedAt: started, seconds: seconds, values: values, samples: samples)
    }

    /// Each phase's own figures (the figures `diff` shows for an operation of a phase), for a
    /// round of `run --repeat`: the round's whole mixes its phases and cannot speak for one.
    static func phases(_ results: [PhaseResult]) -> [String: [FigureKey: Double]] {
        var out: [String: [FigureKey: Double]] = [:]
        for result in results where result.elapsedSeconds > 0 {
            var values: [FigureKey: Double] = [:]
            for (kind, stats) in result.operations where stats.successes > 0 {
                values[FigureKey(kind, .throughput)] = Double(stats.successes) / result.elapsedSeconds
                let summary = LatencySummary(stats.histogram)
                for (name, value) in [
                    (FigureName.p50, summary.p50), (.p90, summary.p90), (.p99, summary.p99), (.p999, summary.p999),
                ] {
                    values[FigureKey(kind, name)] = value
                }
                if stats.recallExpected > 0 {
                    values[FigureKey(kind, .recall)] = Double(stats.recallHits) / Double(stats.recallExpected)
                }
            }
            out[result.phase.name] = values
        }
        return out
    }
}
