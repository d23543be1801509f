/// What a comparison concludes of one figure, in one of three words.
package enum Verdict: String, Sendable, Codable, Equatable {
    /// The interval lies clear of zero: the variant changes the figure.
    case changes
    /// The interval lies inside the margin: whatever it changes, it is less than that.
    case noChange = "no-change"
    /// Neither yet: the interval is too wide.
    case cannotTell = "cannot-tell"
}
