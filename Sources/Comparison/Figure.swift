import Scenario

/// A figure a comparison speaks of: its key in round records (`throughput_per_s`,
/// `search.p99_ms`, ...), how people read it, which way is better, and whether its change is
/// told in percent of the baseline or in its own unit.
package struct Figure: Sendable, Equatable, Hashable {
    package var key: FigureKey
    package var label: String
    package var unit: String
    package var higherIsBetter: Bool
    /// Changes in percent of the baseline; false: in the figure's own unit (a rate in percent,
    /// recall, a count that is 0 in the baseline).
    package var relative: Bool
    /// For a percentile, which one (0.5, 0.99): from too few samples it is sparse.
    package var quantile: Double?

    /// The figure a round record's key names.
    package init(key: FigureKey) {
        self.key = key
        let operation = key.operation.map { $0 + " " } ?? ""
        quantile = key.name?.quantile
        relative = true
        higherIsBetter = false
        switch key.name {
        case .throughput: (label, unit, higherIsBetter) = ("throughput", "req/s", true)
        case .errorRate: (label, unit, relative) = ("error rate", "% of requests", false)
        case .clientCPU: (label, unit) = ("client CPU per request", "ms")
        case .clientWork: (label, unit) = ("client CPU per request beyond idle", "ms")
        case .serverCPU: (label, unit) = ("server CPU per request", "ms")
        case .serverWork: (label, unit) = ("server CPU per request beyond idle", "ms")
        case .serverMemory: (label, unit) = ("server memory", "MiB")
        case .spansPerSecond: (label, unit, relative) = ("spans exported per second", "spans/s", false)
        case .spansDropped: (label, unit, relative) = ("spans dropped", "spans", false)
        case .recall: (label, unit, higherIsBetter, relative) = ("\(operation)recall", "", true, false)
        case .p50: (label, unit) = ("\(operation)p50", "ms")
        case .p90: (label, unit) = ("\(operation)p90", "ms")
        case .p99: (label, unit) = ("\(operation)p99", "ms")
        case .p999: (label, unit) = ("\(operation)p99.9", "ms")
        case .mean: (label, unit) = ("\(operation)mean", "ms")
        default: (label, unit) = (key.rawValue, "")
        }
    }

    /// The figures a comparison leads with and its stop rule waits for: CPU per request on both
    /// sides (beyond idle where it was measured), and throughput, or, when every
    /// measured phase runs at a fixed rate (where throughput is the rate), the median latency of
    /// each operation.
    package static func headlines(in keys: Set<FigureKey>, openLoopOnly: Bool) -> [FigureKey] {
        let client = keys.contains(.clientWork) ? FigureKey.clientWork : .clientCPU
        let server = keys.contains(.serverWork) ? FigureKey.serverWork : .serverCPU
        var out = [client, server].filter(keys.contains)
        if openLoopOnly {
            out += keys.filter { $0.operation != nil && $0.name == .p50 }.sorted()
        } else if keys.contains(.throughput) {
            out.append(.throughput)
        }
        return out
    }

    /// The order figures are listed in: headlines' kinds first, then latency, then the rest.
    package static func order(_ keys: some Collection<FigureKey>) -> [FigureKey] {
        let rank: [FigureKey: Int] = [
            .clientWork: 0, .clientCPU: 1, .serverWork: 2, .serverCPU: 2, .throughput: 3, .errorRate: 4, .serverMemory: 6,
            .spansPerSecond: 7, .spansDropped: 8,
        ]
        return keys.sorted { a, b in
            let (ra, rb) = (rank[a] ?? (a.operation != nil ? 5 : 9), rank[b] ?? (b.operation != nil ? 5 : 9))
            return ra != rb ? ra < rb : a < b
        }
    }

    /// Fewer than about ten samples above (or below) a percentile make it a guess: a p99 needs
    /// 1,000 requests, a p50 twenty. nil when there are enough.
    package func sparseNote(samples: Int) -> String? {
        guard let quantile, samples > 0 else { return nil }
        let needed = Int((10 / min(quantile, 1 - quantile)).rounded(.up))
        guard samples < needed else { return nil }
        return "\(label) from \(samples) requests per round (\(needed) would make it more than a guess)"
    }
}
