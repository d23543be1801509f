import Foundation
import Results
import Scenario

/// How `traceload run` runs a scenario, besides the scenario itself.
package struct RunOptions: Sendable {
    /// "traceload 0.1.0", for run.json.
    package var tool: String
    /// Where the embedded Milvus keeps its data and logs (default: a temporary directory, removed).
    package var milvusDirectory: String?
    /// This process's part of a scenario split over several (`--segment`); nil runs it whole.
    package var segment: ExecutionSegment?
    /// When the first phase starts (`--start-at`), so that segments start together.
    package var startAt: Date?
    /// Rounds of the measured phases in one Milvus lifetime (`--repeat`); each round's figures
    /// are kept, so `diff` can tell a change from the noise between rounds.
    package var repeats: Int
    /// Where the run's figures go live (`--metrics-out`), and the Authorization header for it.
    package var metricsOut: String?
    package var metricsAuthorization: String?

    package init(
        tool: String, milvusDirectory: String? = nil, segment: ExecutionSegment? = nil, startAt: Date? = nil,
        repeats: Int = 1, metricsOut: String? = nil, metricsAuthorization: String? = nil
    ) {
        self.metricsOut = metricsOut
        self.metricsAuthorization = metricsAuthorization
        self.tool = tool
        self.milvusDirectory = milvusDirectory
        self.segment = segment
        self.startAt = startAt
        self.repeats = repeats
    }
}

/// How a run ended.
package enum RunEnd: Sendable {
    /// Phases ran (all, or some before a stop or a failure): the output is worth a report.
    /// `record.partial` and `record.failure` say whether it is whole.
    case measured(RunOutput)
    /// Nothing was measured: the run failed before its first phase (the error says why).
    case failed(EngineError)
    /// Stopped (Ctrl-C) before its first phase.
    case stoppedBeforeMeasuring(String)
}
