/// A scenario file, decoded and validated: what to run, against which Milvus, and how to trace it.
///
/// Every value here has passed validation; defaults are filled in. The types are plain values so
/// that the runner, the report and `run.json` can share them.
package struct Scenario: Sendable, Equatable, Codable {
    package var name: String
    package var milvus: MilvusTarget
    package var collection: CollectionSpec
    package var dataset: DatasetSpec
    package var tracing: TracingSpec
    /// Where server spans are read from: traceload's own receiver (nil) or a Jaeger.
    package var traces: TraceStoreSpec?
    package var phases: [Phase]
    /// Conditions the run must meet; crossing one makes `traceload run` exit with code 4.
    package var thresholds: [Threshold]
    /// The sweep `traceload compare` runs when its command line does not say otherwise.
    package var compare: CompareSpec
    /// End the run at the first failed request (`onError: stop`) instead of counting and going on.
    package var stopOnError: Bool
    /// The share of an operation's requests (percent) that may fail before the run counts as
    /// crossing a threshold (`maxErrorRate`, on by default); nil: off.
    package var maxErrorRate: Double? = Scenario.defaultMaxErrorRate

    package static let defaultMaxErrorRate: Double = 1

    package init(
        name: String, milvus: MilvusTarget, collection: CollectionSpec, dataset: DatasetSpec,
        tracing: TracingSpec, traces: TraceStoreSpec? = nil, phases: [Phase], thresholds: [Threshold] = [],
        compare: CompareSpec = CompareSpec(),
        stopOnError: Bool = false
    ) {
        self.stopOnError = stopOnError
        self.thresholds = thresholds
        self.compare = compare
        self.name = name
        self.milvus = milvus
        self.collection = collection
        self.dataset = dataset
        self.tracing = tracing
        self.traces = traces
        self.phases = phases
    }
}
