import Foundation
import Synchronization

/// What Milvus's metrics say about one phase.
public struct PhaseServerMetrics: Sendable, Codable {
    public var stages: [StageRow]
    public var timeline: [ServerSample]
    /// Why some or all of it is missing.
    public var problem: String?

    public init(stages: [StageRow] = [], timeline: [ServerSample] = [], problem: String? = nil) {
        self.stages = stages
        self.timeline = timeline
        self.problem = problem
    }
}
