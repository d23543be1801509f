import MetricsOut

/// One send of a run's live figures, and what it holds, so that what was not sent can be named.
struct MetricsBatch: Sendable {
    var series: [WriteRequest.Series]
    var contents: Contents

    struct Contents: Sendable, Equatable {
        var phase: String
        /// The phase's seconds it carries (0 is the phase's first); nil: only requests in flight,
        /// or the traces joined.
        var seconds: ClosedRange<Int>?
        var joined = false
        /// Its place among the run's batches (set when handed in), so that what was not sent is
        /// told in the run's order whichever way it was lost.
        var order = 0
    }

    /// What batches held, phase by phase in the run's order, each phase's seconds as ranges:
    /// "phase warm seconds 0–1; phase mixed seconds 0–5 and traces joined".
    static func describe(_ batches: [Contents]) -> String {
        var phases: [String] = []
        var seconds: [String: Set<Int>] = [:]
        var joined: Set<String> = []
        for batch in batches {
            if !phases.contains(batch.phase) { phases.append(batch.phase) }
            if let range = batch.seconds { seconds[batch.phase, default: []].formUnion(range) }
            if batch.joined { joined.insert(batch.phase) }
        }
        return phases.map { phase in
            var parts: [String] = []
            if let held = seconds[phase], !held.isEmpty { parts.append("seconds " + ranges(held.sorted())) }
            if joined.contains(phase) { parts.append("traces joined") }
            if parts.isEmpty { parts.append("requests in flight") }
            return "phase \(phase) " + parts.joined(separator: " and ")
        }.joined(separator: "; ")
    }

    /// Sorted numbers as runs: [0, 1, 2, 5] → "0–2, 5".
    static func ranges(_ numbers: [Int]) -> String {
        var runs: [ClosedRange<Int>] = []
        for number in numbers {
            if let last = runs.last, last.upperBound + 1 == number {
                runs[runs.count - 1] = last.lowerBound...number
            } else {
                runs.append(number...number)
            }
        }
        return runs.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" }.joined(
            separator: ", ")
    }
}
