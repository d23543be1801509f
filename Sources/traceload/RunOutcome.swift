import EmbeddedMilvus
import Foundation
import MilvusClient
import Report
import Results
import Scenario
import ServerMetrics
import Traces
import Workload

enum RunOutcome {
    case completed(String, crossed: [ThresholdReport.Outcome])
    case partial(String, reason: String)
    case failed(String, report: String?)
}
