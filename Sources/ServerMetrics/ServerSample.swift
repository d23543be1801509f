import Foundation

/// One second of Milvus's state during a phase: a row of server_timeline.csv.
package struct ServerSample: Sendable, Codable, Equatable {
    /// Seconds since the phase began (the same seconds as timeline.csv).
    package var second: Int
    /// By column name; a series Milvus does not expose is absent.
    package var values: [String: Double]

    package init(second: Int, values: [String: Double]) {
        self.second = second
        self.values = values
    }

    /// Per second of the phase, from snapshots taken during it (oldest first). A gauge reads as its
    /// last value in the second; a rate as the increase over the pair of snapshots around the
    /// second's middle, so a Prometheus that scrapes every 15 s gives a step, not gaps.
    package static func timeline(
        _ snapshots: [MetricsSnapshot], start: Date, seconds: Int,
        columns: [TimelineColumn] = TimelineColumn.milvus
    ) -> [ServerSample] {
        guard !snapshots.isEmpty, seconds > 0 else { return [] }
        let times = snapshots.map { $0.time.timeIntervalSince(start) }
        return (0..<seconds).map { second in
            var values: [String: Double] = [:]
            for column in columns {
                let value: Double?
                switch column.reading {
                case .sum, .max:
                    value = times.lastIndex { $0 <= Double(second + 1) }.flatMap { column.value(in: snapshots[$0]) }
                case .rate:
                    let middle = Double(second) + 0.5
                    if let after = times.firstIndex(where: { $0 > middle }), after > 0,
                        let a = column.value(in: snapshots[after - 1]), let b = column.value(in: snapshots[after]),
                        b >= a,
                        times[after] > times[after - 1]
                    {
                        value = (b - a) / (times[after] - times[after - 1])
                    } else {
                        value = nil
                    }
                }
                if let value { values[column.name] = value * column.scale }
            }
            return ServerSample(second: second, values: values)
        }
    }
}
