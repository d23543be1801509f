import Foundation

/// When a comparison has rounds enough: a fixed count (`--repeat`), or once every headline
/// figure's interval is as narrow as asked (`--precision`), or when the time allowed
/// (`--budget`) would be overrun by another round, whichever comes first.
package struct StopRule: Sendable, Equatable, Codable {
    /// Target half-width of the headline figures' intervals (at the family's confidence), in percent.
    package var precision: Double
    package var budgetSeconds: Double?
    package var fixedRounds: Int?
    /// No verdict rests on fewer rounds (benchstat asks for 10 samples; intervals from fewer
    /// than 5 are very wide), unless the budget runs out first.
    package var minimumRounds: Int

    package init(precision: Double = 2, budgetSeconds: Double? = 600, fixedRounds: Int? = nil, minimumRounds: Int = 5) {
        self.precision = precision
        self.budgetSeconds = budgetSeconds
        self.fixedRounds = fixedRounds
        self.minimumRounds = minimumRounds
    }

    package enum Decision: Sendable, Equatable {
        case goOn
        /// Why it stopped, in words for the report.
        case stop(String)
    }

    /// After `rounds` counted rounds, `elapsed` seconds into the comparison, with a round taking
    /// about `roundSeconds`, and the headline figures' half-widths so far (nil: no interval yet).
    package func decide(rounds: Int, elapsed: Double, roundSeconds: Double, headlines: [(label: String, halfWidth: Double?)])
        -> Decision
    {
        if let fixedRounds {
            return rounds >= fixedRounds ? .stop("the \(fixedRounds) rounds asked for (--repeat) are done") : .goOn
        }
        let open = headlines.filter { ($0.halfWidth ?? .infinity) > precision }
        if rounds >= minimumRounds && open.isEmpty && !headlines.isEmpty {
            return .stop(
                "every headline figure reached ±\(format(precision))% after \(rounds) rounds (\(Self.minutes(elapsed)))")
        }
        if let budgetSeconds, elapsed + roundSeconds > budgetSeconds {
            let missing = open.map { "\($0.label) \($0.halfWidth.map { "±\(format($0))%" } ?? "no interval")" }
            return .stop(
                "the budget of \(Self.minutes(budgetSeconds)) is spent after \(rounds) rounds"
                    + (missing.isEmpty ? "" : "; not yet at ±\(format(precision))%: " + missing.joined(separator: ", ")))
        }
        return .goOn
    }

    func format(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value) }

    static func minutes(_ seconds: Double) -> String {
        seconds < 120 ? "\(Int(seconds.rounded())) s" : String(format: "%.1f min", seconds / 60)
    }
}
