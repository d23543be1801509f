/// A line of an example trace drawn as an indented tree.
public struct TreeLine: Sendable, Codable, Equatable {
    public var depth: Int
    public var name: String
    public var service: String
    public var component: String
    public var durationMs: Double
    public var startOffsetMs: Double
}
