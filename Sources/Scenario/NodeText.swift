import Foundation
import Yams

func describe(_ node: Node) -> String {
    switch node {
    case .scalar(let scalar): scalar.string.isEmpty ? "nothing" : "'\(scalar.string)'"
    case .mapping: "a mapping"
    case .sequence: "a list"
    case .alias: "an alias"
    }
}

func formatNumber(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
}

/// `500ms`, `30s`, `10m`, `2h`, `1d`, or a bare number of seconds: the one duration syntax of
/// scenario files and command lines.
package func parseDuration(_ text: String) -> Double? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
    for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
        let number = trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)
        // "ms" also ends in "s": only accept when the rest is a number.
        if let value = Double(number), value.isFinite { return value * scale }
    }
    if let value = Double(trimmed), value.isFinite { return value }
    return nil
}

/// `2%`, `2 %` or `2`: a percentage, the one syntax of scenario files and command lines; nil for
/// anything else (a negative or non-finite number included). Whether 0 makes sense is the caller's rule.
package func parsePercent(_ text: String) -> Double? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let number = (trimmed.hasSuffix("%") ? String(trimmed.dropLast()) : trimmed).trimmingCharacters(in: .whitespaces)
    guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
    return value
}

func orderedUnique(_ names: [String]) -> [String] {
    var seen = Set<String>()
    return names.filter { seen.insert($0).inserted }
}
