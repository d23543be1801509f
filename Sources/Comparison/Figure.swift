/// A figure a comparison speaks of: its name in round records (`throughput_per_s`,
/// `search.p99_ms`, ...), how people read it, which way is better, and whether its change is
/// told in percent of the baseline or in its own unit.
package struct Figure: Sendable, Equatable, Hashable {
    package var key: String
    package var label: String
    package var unit: String
    package var higherIsBetter: Bool
    /// Changes in percent of the baseline; false: in the figure's own unit (a rate in percent,
    /// recall, a count that is 0 in the baseline).
    package var relative: Bool
    /// For a percentile, which one (0.5, 0.99): from too few samples it is sparse.
    package var quantile: Double?

    /// The figure a round record's key names.
    package init(key: String) {
        self.key = key
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        let (operation, name) = parts.count == 2 ? (parts[0] + " ", parts[1]) : ("", parts[0])
        quantile = nil
        relative = true
        higherIsBetter = false
        switch name {
        case "throughput_per_s": (label, unit, higherIsBetter) = ("throughput", "req/s", true)
        case "error_rate_pct": (label, unit, relative) = ("error rate", "% of requests", false)
        case "client_cpu_ms_per_req": (label, unit) = ("client CPU per request", "ms")
        case "client_work_ms_per_req": (label, unit) = ("client CPU per request beyond idle", "ms")
        case "server_cpu_ms_per_req": (label, unit) = ("server CPU per request", "ms")
        case "server_rss_mib": (label, unit) = ("server memory", "MiB")
        case "spans_per_s": (label, unit, relative) = ("spans exported per second", "spans/s", false)
        case "spans_dropped": (label, unit, relative) = ("spans dropped", "spans", false)
        case "recall": (label, unit, higherIsBetter, relative) = ("\(operation)recall", "", true, false)
        case "p50_ms", "p90_ms", "p99_ms", "p999_ms", "mean_ms":
            let percentile = name.dropLast(3).dropFirst()
            label = "\(operation)\(name == "mean_ms" ? "mean" : "p" + (percentile == "999" ? "99.9" : percentile))"
            unit = "ms"
            quantile = ["p50_ms": 0.5, "p90_ms": 0.9, "p99_ms": 0.99, "p999_ms": 0.999][name]
        default: (label, unit) = (key, "")
        }
    }

    /// The figures a comparison leads with and its stop rule waits for: CPU per request on both
    /// sides (the client's beyond idle when it was measured), and throughput, or, when every
    /// measured phase runs at a fixed rate (where throughput is the rate), the median latency of
    /// each operation.
    package static func headlines(in keys: Set<String>, openLoopOnly: Bool) -> [String] {
        let client = keys.contains("client_work_ms_per_req") ? "client_work_ms_per_req" : "client_cpu_ms_per_req"
        var out = [client, "server_cpu_ms_per_req"].filter(keys.contains)
        if openLoopOnly {
            out += keys.filter { $0.hasSuffix(".p50_ms") }.sorted()
        } else if keys.contains("throughput_per_s") {
            out.append("throughput_per_s")
        }
        return out
    }

    /// The order figures are listed in: headlines' kinds first, then latency, then the rest.
    package static func order(_ keys: some Collection<String>) -> [String] {
        let rank: [String: Int] = [
            "client_work_ms_per_req": 0, "client_cpu_ms_per_req": 1, "server_cpu_ms_per_req": 2, "throughput_per_s": 3,
            "error_rate_pct": 4, "server_rss_mib": 6, "spans_per_s": 7, "spans_dropped": 8,
        ]
        return keys.sorted { a, b in
            let (ra, rb) = (rank[a] ?? (a.contains(".") ? 5 : 9), rank[b] ?? (b.contains(".") ? 5 : 9))
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
