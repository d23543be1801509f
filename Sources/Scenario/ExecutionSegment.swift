import Foundation

/// One of `count` load generators running a scenario together (k6's execution segments): segment
/// `index` runs its share of every phase's workers, rate and request budget, the shares adding up
/// exactly to the whole (10 workers over 3 segments: 4, 3, 3).
package struct ExecutionSegment: Sendable, Equatable, Codable, CustomStringConvertible {
    package var index: Int
    package var count: Int

    package init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// `I/N` with 0 ≤ I < N; nil otherwise.
    package init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0].trimmingCharacters(in: .whitespaces)),
            let count = Int(parts[1].trimmingCharacters(in: .whitespaces)), count >= 1, (0..<count).contains(index)
        else { return nil }
        self.init(index: index, count: count)
    }

    package var description: String { "\(index)/\(count)" }

    /// The segment the environment names: `TRACELOAD_SEGMENT=I/N`, or `TRACELOAD_SEGMENTS=N` with a
    /// Kubernetes Indexed Job's `JOB_COMPLETION_INDEX`; nil when it names none (a completion index
    /// alone belongs to some other Job).
    package static func fromEnvironment(_ environment: [String: String]) throws(ExecutionSegmentError) -> ExecutionSegment? {
        if let text = environment["TRACELOAD_SEGMENT"], !text.isEmpty {
            guard let segment = ExecutionSegment(parsing: text) else {
                throw ExecutionSegmentError("TRACELOAD_SEGMENT=\(text): expected I/N with 0 ≤ I < N, such as 0/3")
            }
            return segment
        }
        guard let count = environment["TRACELOAD_SEGMENTS"], !count.isEmpty else { return nil }
        guard let index = environment["JOB_COMPLETION_INDEX"], let segment = ExecutionSegment(parsing: "\(index)/\(count)")
        else {
            throw ExecutionSegmentError(
                "TRACELOAD_SEGMENTS=\(count) needs JOB_COMPLETION_INDEX (set by a Kubernetes Indexed Job) below it, found \(environment["JOB_COMPLETION_INDEX"] ?? "none")"
            )
        }
        return segment
    }

    /// This segment's part of `total`: the remainder goes to the first segments.
    package func share(of total: Int) -> Int { total / count + (index < total % count ? 1 : 0) }
}

/// A scenario that cannot be split as asked, or a segment that cannot be read.
package struct ExecutionSegmentError: Error, CustomStringConvertible, Equatable {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}

extension Scenario {
    /// This scenario as segment `segment` runs it: every phase's workers, request budget and
    /// open-loop rate divided (shares add up to the whole), and the generated vectors and
    /// request choices seeded apart. ExecutionSegment 0 keeps the dataset's seed, so that its preload is
    /// the unsplit scenario's.
    package func segmented(_ segment: ExecutionSegment) throws(ExecutionSegmentError) -> Scenario {
        guard segment.count > 1 else { return self }
        if case .embedded = milvus {
            throw ExecutionSegmentError(
                "segments share one Milvus: give milvus.uri (each segment would start an embedded Milvus of its own)")
        }
        var result = self
        for (i, phase) in phases.enumerated() {
            guard phase.workers >= segment.count else {
                throw ExecutionSegmentError(
                    "phase \(phase.name) has \(phase.workers) workers: \(segment.count) segments need at least \(segment.count), one each"
                )
            }
            result.phases[i].workers = segment.share(of: phase.workers)
            if case .requests(let budget) = phase.length {
                guard budget >= segment.count else {
                    throw ExecutionSegmentError(
                        "phase \(phase.name) has a budget of \(budget) requests: too few for \(segment.count) segments")
                }
                result.phases[i].length = .requests(segment.share(of: budget))
            }
            if let rate = phase.rate {
                let fraction = 1 / Double(segment.count)
                result.phases[i].rate = ArrivalRate(start: rate.start * fraction, end: rate.end * fraction)
            }
        }
        result.dataset.seed = dataset.seed &+ UInt64(segment.index) &* 0x9E37_79B9_7F4A_7C15
        return result
    }
}
