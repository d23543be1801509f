import Scenario
import Synchronization
import TraceContext

/// What one worker measured. Workers never share a recorder, so recording takes no lock; at
/// second boundaries the finished timeline bucket goes to the shared `LiveTimeline`.
package struct WorkerRecorder: Sendable {
    package var operations: [OperationKind: OperationStats] = [:]
    package var sampled: [SampledRequest] = []
    /// What checked searches asked and got (`search.answers`), up to `answerLimit`.
    package var answers: [SearchAnswer] = []
    var answerLimit = 0
    var current: TimelineBucket
    let phaseStart: UInt64
    let live: LiveTimeline

    package init(phaseStart: UInt64, live: LiveTimeline) {
        self.phaseStart = phaseStart
        self.live = live
        current = TimelineBucket(second: 0)
        for kind in OperationKind.allCases { operations[kind] = OperationStats() }
    }

    /// Records a finished request. `end` is monotonic ns; `latency` is from the (intended) start.
    @inline(__always)
    package mutating func record(_ kind: OperationKind, latency: UInt64, end: UInt64, rows: Int, error: MilvusErrorKind?)
    {
        let second = Int((end &- phaseStart) / 1_000_000_000)
        if second != current.second {
            live.add(current)
            current = TimelineBucket(second: second)
        }
        if live.detailed {
            if error != nil {
                current.operations[kind, default: TimelineBucket.Operation()].errors += 1
            } else {
                Latency.record(latency, into: &current.operations[kind, default: TimelineBucket.Operation()].histogram)
            }
        }
        if let error {
            current.errors += 1
            operations[kind, default: OperationStats()].errors[error.label, default: 0] += 1
            if operations[kind]?.errorExamples[error.label] == nil {
                operations[kind]?.errorExamples[error.label] = error.message
            }
        } else {
            Latency.record(latency, into: &current.histogram)
            Latency.record(latency, into: &operations[kind, default: OperationStats()].histogram)
            operations[kind]?.rows += rows
        }
    }

    /// A request sampled for tracing (counted in a detailed timeline).
    mutating func recordSampled() {
        if live.detailed { current.sampled += 1 }
    }

    /// A search checked against the ground truth.
    package mutating func recordRecall(hits: Int, expected: Int) {
        operations[.search, default: OperationStats()].recallChecked += 1
        operations[.search]?.recallHits += hits
        operations[.search]?.recallExpected += expected
    }

    package mutating func finish() {
        live.add(current)
    }
}

/// An error's counting label; a tiny wrapper so the recorder does not depend on the client's type.
package struct MilvusErrorKind: Sendable {
    package var label: String
    package var message: String
    package init(_ label: String, message: String) {
        self.label = label
        self.message = message
    }
}
