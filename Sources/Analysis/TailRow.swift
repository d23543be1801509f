/// Mean time per component in the median requests and in the slowest 1%.
public struct TailRow: Sendable, Codable, Equatable {
    public var component: String
    public var medianRequestMs: Double
    public var slowestRequestsMs: Double
    /// The untraced part of each (nil for components that are not spans, and in older runs).
    public var medianUntracedMs: Double?
    public var slowestUntracedMs: Double?
}
