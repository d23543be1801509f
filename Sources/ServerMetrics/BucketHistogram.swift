/// A Prometheus histogram: cumulative bucket counts by upper bound (`le`, the last `+Inf`), the
/// sum and the count of observations.
package struct BucketHistogram: Sendable, Equatable, Codable {
    package var bounds: [Double]
    package var cumulative: [Double]
    package var sum: Double
    package var count: Double

    package init(bounds: [Double], cumulative: [Double], sum: Double, count: Double) {
        self.bounds = bounds
        self.cumulative = cumulative
        self.sum = sum
        self.count = count
    }

    package var mean: Double? { count > 0 ? sum / count : nil }

    enum CodingKeys: String, CodingKey { case le, cumulative, sum, count }

    /// JSON has no infinity: the bounds are written as Prometheus writes `le`, the last `+Inf`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(bounds.map { $0 == .infinity ? "+Inf" : String($0) }, forKey: .le)
        try container.encode(cumulative, forKey: .cumulative)
        try container.encode(sum, forKey: .sum)
        try container.encode(count, forKey: .count)
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        bounds = try container.decode([String].self, forKey: .le).map { text in
            guard let value = PrometheusText.parseValue(Substring(text)) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .le, in: container, debugDescription: "not a bucket bound: \(text)")
            }
            return value
        }
        cumulative = try container.decode([Double].self, forKey: .cumulative)
        sum = try container.decode(Double.self, forKey: .sum)
        count = try container.decode(Double.self, forKey: .count)
    }

    /// What was observed between `before` and this reading of the same series. A counter that went
    /// down was reset (the process restarted) meanwhile: everything it holds now is new.
    package func since(_ before: BucketHistogram?) -> BucketHistogram {
        guard let before, before.bounds == bounds, before.count <= count,
            zip(before.cumulative, cumulative).allSatisfy({ $0 <= $1 })
        else { return self }
        return BucketHistogram(
            bounds: bounds, cumulative: zip(cumulative, before.cumulative).map { $0 - $1 },
            sum: sum - before.sum, count: count - before.count)
    }

    /// Both added (series of several pods or label sets). Bounds that only one of them has are
    /// kept with the other's count at the nearest lower bound, as Prometheus's sum() would not:
    /// Milvus's pods share their buckets, so this is only a guard.
    package func adding(_ other: BucketHistogram) -> BucketHistogram {
        guard other.bounds != bounds else {
            return BucketHistogram(
                bounds: bounds, cumulative: zip(cumulative, other.cumulative).map { $0 + $1 },
                sum: sum + other.sum, count: count + other.count)
        }
        let merged = Array(Set(bounds + other.bounds)).sorted()
        func at(_ h: BucketHistogram, _ le: Double) -> Double {
            h.bounds.lastIndex { $0 <= le }.map { h.cumulative[$0] } ?? 0
        }
        return BucketHistogram(
            bounds: merged, cumulative: merged.map { at(self, $0) + at(other, $0) },
            sum: sum + other.sum, count: count + other.count)
    }

    /// The q-quantile (0…1) estimated as Prometheus's `histogram_quantile` does: find the bucket
    /// holding rank q·count and interpolate linearly inside it (from 0 for the first bucket); a
    /// rank in the `+Inf` bucket gives the highest finite bound. nil without observations.
    package func quantile(_ q: Double) -> Double? {
        guard let total = cumulative.last, total > 0, !bounds.isEmpty, bounds.last == .infinity else { return nil }
        if bounds.count < 2 { return nil }
        let rank = q * total
        guard let index = cumulative.firstIndex(where: { $0 >= rank }) else { return bounds[bounds.count - 2] }
        if bounds[index] == .infinity { return bounds[bounds.count - 2] }
        let upper = bounds[index]
        var lower = 0.0
        var below = 0.0
        if index > 0 {
            lower = bounds[index - 1]
            below = cumulative[index - 1]
        } else if upper <= 0 {
            return upper
        }
        let inBucket = cumulative[index] - below
        guard inBucket > 0 else { return upper }
        return lower + (upper - lower) * (rank - below) / inBucket
    }
}
