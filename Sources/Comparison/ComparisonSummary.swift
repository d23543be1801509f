import Foundation
import Results
import Scenario

/// What a comparison found: per variant, each figure's change against the baseline with its
/// interval and verdict; which figures lead; why the rounds stopped; and, with an A/A variant,
/// the machine's own noise.
package struct ComparisonSummary: Sendable, Codable {
    package struct Variant: Sendable, Codable {
        package var name: String
        /// The settings it changes (`phases.search.search.params.ef=128`); empty for the baseline.
        package var settings: [String]
        /// Figures' means over the counted rounds.
        package var means: [FigureKey: Double]
        package var rounds: Int
        /// Against the baseline (empty for the baseline itself).
        package var changes: [FigureChange]
        /// Whether it ran on a Milvus of its own (its settings change the server).
        package var ownServer: Bool
    }

    package var scenario: String
    package var baseline: String
    package var variants: [Variant]
    package var headlines: [FigureKey]
    package var precision: Double
    /// Why the rounds stopped.
    package var stopReason: String
    /// What ended the comparison before its stop rule did (a crashed Milvus): said first, since
    /// the rounds before it stand but the comparison is not whole.
    package var failure: String?
    /// The A/A variant's name, when there is one.
    package var aa: String?
    package var notes: [String]

    /// `rounds[variant]`: each variant's counted rounds. The baseline is `baseline`. The
    /// headlines form one family: each of their intervals is at 1 − 0.05/k for the k headline
    /// changes (Bonferroni), so that by chance alone any of them reads *changes* in at most one
    /// comparison in 20; a headline resting on too few requests a round (a sparse p50) gives
    /// its place to the operation's mean, and a note says so.
    package init(
        scenario: String, baseline: String, order: [String], settings: [String: [String]], ownServer: Set<String>,
        rounds: [String: [RoundRecord]], headlines: [FigureKey], precision: Double, stopReason: String, aa: String?,
        notes: [String] = []
    ) {
        self.scenario = scenario
        self.baseline = baseline
        self.precision = precision
        self.stopReason = stopReason
        self.aa = aa
        self.notes = notes
        let fewest = Self.fewestSamples(rounds.values.flatMap { $0 })
        var leading: [FigureKey] = []
        for key in headlines {
            let mean = key.operation.map { FigureKey($0, .mean) }
            if let samples = fewest[key], let note = Figure(key: key).sparseNote(samples: samples), let mean,
                fewest[mean] != nil
            {
                self.notes.append("\(note): the \(Figure(key: mean).label) leads in its place")
                leading.append(mean)
            } else {
                leading.append(key)
            }
        }
        self.headlines = leading
        let headlineConfidence = Self.confidence(family: order.filter { $0 != baseline }.count * self.headlines.count)
        let base = Dictionary((rounds[baseline] ?? []).map { ($0.round, $0) }, uniquingKeysWith: { a, _ in a })
        variants = order.map { name in
            let mine = rounds[name] ?? []
            let keys = Set(mine.flatMap(\.values.keys))
            var means: [FigureKey: Double] = [:]
            for key in keys { means[key] = Sample(mine.compactMap { $0.values[key] }).mean }
            var changes: [FigureChange] = []
            if name != baseline {
                for key in Figure.order(keys) {
                    let pairs = mine.compactMap { round -> (Double, Double)? in
                        guard let value = round.values[key], let base = base[round.round]?.values[key] else {
                            return nil
                        }
                        return (value, base)
                    }
                    // Sparse if either side's rounds rest on too few requests.
                    let samples = (mine.compactMap { $0.samples[key] } + base.values.compactMap { $0.samples[key] }).min()
                    let (margin, target) = Self.margin(for: Figure(key: key), precision: precision)
                    let headline = leading.contains(key)
                    if let change = FigureChange(
                        key: key, pairs: pairs, margin: margin, target: target, samples: samples,
                        headline: headline, confidence: headline ? headlineConfidence : 0.95)
                    {
                        changes.append(change)
                    }
                }
            }
            return Variant(
                name: name, settings: settings[name] ?? [], means: means, rounds: mine.count, changes: changes,
                ownServer: ownServer.contains(name))
        }
    }

    /// Each figure's fewest samples in any round of any variant: what decides whether it is sparse.
    static func fewestSamples(_ rounds: [RoundRecord]) -> [FigureKey: Int] {
        var out: [FigureKey: Int] = [:]
        for round in rounds {
            for (key, count) in round.samples { out[key] = min(out[key] ?? .max, count) }
        }
        return out
    }

    /// How many headline changes the family holds, and the confidence of each one's interval.
    package var family: (size: Int, confidence: Double) {
        let size = variants.filter { $0.name != baseline }.count * headlines.count
        return (size, Self.confidence(family: size))
    }

    /// Each interval of a family of `size` at 1 − 0.05/size: all of them hold together at 95%.
    static func confidence(family size: Int) -> Double { 1 - 0.05 / Double(max(1, size)) }

    /// The margin of "no change" and the target width of "cannot tell yet": the precision asked
    /// for, in percent, for relative figures; for the others a step in their own unit that
    /// matters (a point of error rate, 0.01 of recall, one span).
    static func margin(for figure: Figure, precision: Double) -> (margin: Double, target: Double) {
        if figure.relative { return (precision, precision) }
        switch figure.key.name {
        case .errorRate: return (1, 0.5)
        case .recall: return (0.01, 0.005)
        default: return (1, 1)
        }
    }

    /// The headline figures' half-widths so far, for the stop rule (the A/A variant's too: the
    /// noise floor is a figure the user asked to resolve).
    package var headlineWidths: [(label: String, halfWidth: Double?)] {
        variants.filter { $0.name != baseline }.flatMap { variant in
            headlines.map { key in
                let change = variant.changes.first { $0.key == key }
                return ("\(variant.name): \(Figure(key: key).label)", change?.halfWidth)
            }
        }
    }

    /// The A/A variant's widest headline half-width: the machine's noise floor at this many rounds.
    package var noiseFloor: Double? {
        guard let aa, let variant = variants.first(where: { $0.name == aa }) else { return nil }
        return variant.changes.filter(\.headline).compactMap(\.halfWidth).max()
    }
}
