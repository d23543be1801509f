/// A span name that a clear share of an operation's traces have and some lack.
package struct MissingSpan: Sendable, Equatable, Codable {
    package var name: String
    package var component: String
    /// Its usual parent: where its time shows, untraced, when it is missing.
    package var parent: String?
    /// Joined traces without it.
    package var lacking: Int
    /// Joined traces with it.
    package var present: Int
}
