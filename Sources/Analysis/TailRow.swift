/// Mean time per component in the median requests and in the slowest 1%.
package struct TailRow: Sendable, Equatable, Codable {
    package var component: String
    package var medianRequestMs: Double
    package var slowestRequestsMs: Double
    /// The untraced part of each (nil for components that are not spans, and in older runs).
    package var medianUntracedMs: Double?
    package var slowestUntracedMs: Double?
    /// How many requests each group holds: a "slowest 1%" of one request says little (nil in
    /// runs recorded before they were counted).
    package var slowestCount: Int?
    package var medianCount: Int?
}
