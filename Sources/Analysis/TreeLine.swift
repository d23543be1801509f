/// A line of an example trace drawn as an indented tree.
package struct TreeLine: Sendable, Equatable, Codable {
    package var depth: Int
    package var name: String
    package var service: String
    package var component: String
    package var durationMs: Double
    package var startOffsetMs: Double
}
