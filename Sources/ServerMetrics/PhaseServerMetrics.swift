import Foundation
import Synchronization

/// What Milvus's metrics say about one phase.
package struct PhaseServerMetrics: Sendable, Codable {
    package var stages: [StageRow]
    package var timeline: [ServerSample]
    /// Why some or all of it is missing.
    package var problem: String?

    package init(stages: [StageRow] = [], timeline: [ServerSample] = [], problem: String? = nil) {
        self.stages = stages
        self.timeline = timeline
        self.problem = problem
    }
}
