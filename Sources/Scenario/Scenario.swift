/// A scenario file, decoded and validated: what to run, against which Milvus, and how to trace it.
///
/// Every value here has passed validation; defaults are filled in. The types are plain values so
/// that the runner, the report and `run.json` can share them.
public struct Scenario: Sendable, Equatable, Codable {
    public var name: String
    public var milvus: MilvusTarget
    public var collection: CollectionSpec
    public var dataset: DatasetSpec
    public var tracing: TracingSpec
    /// Where server spans are read from: traceload's own receiver (nil) or a Jaeger.
    public var traces: JaegerSpec?
    public var phases: [Phase]
    /// Conditions the run must meet; crossing one makes `traceload run` exit with code 4.
    public var thresholds: [Threshold]
    /// The sweep `traceload compare` runs when its command line does not say otherwise.
    public var compare: CompareSpec
    /// End the run at the first failed request (`onError: stop`) instead of counting and going on.
    public var stopOnError: Bool

    public init(
        name: String, milvus: MilvusTarget, collection: CollectionSpec, dataset: DatasetSpec,
        tracing: TracingSpec, traces: JaegerSpec? = nil, phases: [Phase], thresholds: [Threshold] = [],
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

// run.json files outlive versions of traceload: keys added later decode as their defaults.
extension Scenario {
    enum CodingKeys: String, CodingKey {
        case name, milvus, collection, dataset, tracing, traces, phases, thresholds, compare, stopOnError
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name), milvus: try c.decode(MilvusTarget.self, forKey: .milvus),
            collection: try c.decode(CollectionSpec.self, forKey: .collection),
            dataset: try c.decode(DatasetSpec.self, forKey: .dataset),
            tracing: try c.decode(TracingSpec.self, forKey: .tracing),
            traces: try c.decodeIfPresent(JaegerSpec.self, forKey: .traces),
            phases: try c.decode([Phase].self, forKey: .phases),
            thresholds: try c.decodeIfPresent([Threshold].self, forKey: .thresholds) ?? [],
            compare: try c.decodeIfPresent(CompareSpec.self, forKey: .compare) ?? CompareSpec(),
            stopOnError: try c.decodeIfPresent(Bool.self, forKey: .stopOnError) ?? false
        )
    }
}
