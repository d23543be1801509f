/// A span name that a clear share of an operation's traces have and some lack.
public struct MissingSpan: Sendable, Codable, Equatable {
    public var name: String
    public var component: String
    /// Its usual parent: where its time shows, untraced, when it is missing.
    public var parent: String?
    /// Joined traces without it.
    public var lacking: Int
    /// Joined traces with it.
    public var present: Int
}
