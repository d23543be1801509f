import ArgumentParser
import Foundation
import Scenario

/// The command line's value syntaxes, each parsed once, as ArgumentParser reads the option
/// (`@Option(transform:)`): a mistake is reported with the option's name before anything runs.
enum OptionParsers {
    /// A duration (`10m`, `500ms`, a bare number of seconds), in seconds.
    static func duration(_ option: String, example: String = "10s") -> @Sendable (String) throws -> Double {
        { text in
            guard let seconds = parseDuration(text), seconds > 0 else {
                throw ValidationError("\(option): expected a duration such as \(example), found '\(text)'")
            }
            return seconds
        }
    }

    /// A percentage (`2%` or `2`); `allowsZero` where 0 means something (a tolerance).
    static func percent(_ option: String, allowsZero: Bool = false) -> @Sendable (String) throws -> Double {
        { text in
            guard let value = parsePercent(text), allowsZero || value > 0 else {
                throw ValidationError(
                    "\(option): expected a percentage such as 10%\(allowsZero ? "" : " (more than 0)"), found '\(text)'")
            }
            return value
        }
    }

    /// One of an enumeration's names (`--format json`).
    static func choice<Choice: RawRepresentable & CaseIterable & Sendable>(_ option: String, _ type: Choice.Type)
        -> @Sendable (String) throws -> Choice where Choice.RawValue == String
    {
        { text in
            guard let value = Choice(rawValue: text) else {
                let names = Choice.allCases.map(\.rawValue)
                throw ValidationError(
                    "\(option): expected \(names.dropLast().joined(separator: ", ")) or \(names.last ?? ""), found '\(text)'")
            }
            return value
        }
    }

    /// Sample fractions from 0 to 1, comma-separated.
    static func fractions(_ option: String) -> @Sendable (String) throws -> [Double] {
        { text in
            try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
                let trimmed = part.trimmingCharacters(in: .whitespaces)
                guard let value = Double(trimmed), (0...1).contains(value) else {
                    throw ValidationError(
                        "\(option): expected sample fractions from 0 to 1 separated by commas (e.g. 0,0.1,1), found '\(trimmed)'"
                    )
                }
                return value
            }
        }
    }

    /// Milliseconds (`0.1ms` or `0.1`).
    static func milliseconds(_ option: String) -> @Sendable (String) throws -> Double {
        { text in
            let trimmed = text.hasSuffix("ms") ? String(text.dropLast(2)) : text
            guard let value = Double(trimmed), value >= 0 else {
                throw ValidationError("\(option): expected milliseconds such as 0.1ms, found '\(text)'")
            }
            return value
        }
    }
}
