import Foundation

/// Numbers as the CSV and Markdown files show them: fixed decimals, no exponent.
package func fixed(_ value: Double, _ decimals: Int = 3) -> String {
    guard value.isFinite else { return "" }
    return String(format: "%.\(decimals)f", value)
}
