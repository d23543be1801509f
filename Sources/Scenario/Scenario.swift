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
        tracing: TracingSpec, traces: JaegerSpec? = nil, phases: [Phase], thresholds: [Threshold] = [], compare: CompareSpec = CompareSpec(),
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

/// A sample-fraction sweep: which settings `traceload compare` measures and how often.
public struct CompareSpec: Sendable, Equatable, Codable {
    /// Client sample fractions; the server exports too and follows the client's decision.
    public var fractions: [Double]
    /// Server-only settings: no trace context from the client, Milvus sampling at this fraction.
    public var serverFractions: [Double]
    public var repeats: Int
    /// For an external Milvus: a shell command that restarts it with tracing set by the
    /// placeholders `{exporter}` (noop or otlp) and `{fraction}`.
    public var restartCommand: String?
    /// Leave the server's tracing alone and sweep the client side only.
    public var clientOnly: Bool

    public init(fractions: [Double] = [0, 0.01, 0.1, 1], serverFractions: [Double] = [], repeats: Int = 3, restartCommand: String? = nil, clientOnly: Bool = false) {
        self.fractions = fractions
        self.serverFractions = serverFractions
        self.repeats = repeats
        self.restartCommand = restartCommand
        self.clientOnly = clientOnly
    }
}

/// A Jaeger to read server spans from, as the Milvus tracing tutorial deploys it.
public struct JaegerSpec: Sendable, Equatable, Codable {
    /// Query API base, e.g. http://localhost:16686.
    public var url: String
    /// auto, v1 or v3.
    public var api: String
    /// Authorization header value (e.g. "Bearer ..."), from the environment or a file.
    public var authorization: Credential?
    /// Where the client's spans go (OTLP/gRPC); default: the Jaeger host on port 4317.
    public var otlpEndpoint: String
    /// How long to keep fetching a phase's traces.
    public var deadlineSeconds: Double

    public init(url: String, api: String = "auto", authorization: Credential? = nil, otlpEndpoint: String, deadlineSeconds: Double = 30) {
        self.url = url
        self.api = api
        self.authorization = authorization
        self.otlpEndpoint = otlpEndpoint
        self.deadlineSeconds = deadlineSeconds
    }
}

/// Where the Milvus under test is.
public enum MilvusTarget: Sendable, Equatable, Codable {
    /// The PyPI Milvus 2.3.5 from `.venv`, started and stopped by traceload.
    case embedded(EmbeddedOptions)
    /// A Milvus someone else runs.
    case external(ExternalMilvus)

    public var requestTimeoutSeconds: Double {
        switch self {
        case .embedded(let options): options.requestTimeoutSeconds
        case .external(let external): external.requestTimeoutSeconds
        }
    }
}

public struct EmbeddedOptions: Sendable, Equatable, Codable {
    /// The virtualenv holding `milvus-server`; relative paths are resolved from the working directory.
    public var venv: String
    public var requestTimeoutSeconds: Double
    /// Seconds to wait for `/healthz` after start.
    public var startTimeoutSeconds: Double

    public init(venv: String = ".venv", requestTimeoutSeconds: Double = 10, startTimeoutSeconds: Double = 180) {
        self.venv = venv
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.startTimeoutSeconds = startTimeoutSeconds
    }
}

public struct ExternalMilvus: Sendable, Equatable, Codable {
    public var host: String
    public var port: Int
    public var useTLS: Bool
    /// Milvus `:9091` web port, for `/metrics`; nil when unknown. The first of `metricsURLs`.
    public var metricsURL: String?
    /// Every pod's `/metrics` page of a cluster (their histograms are added up).
    public var metricsURLs: [String]?
    /// A Prometheus that scrapes the cluster, asked instead of the pages.
    public var prometheus: PrometheusSpec?
    /// HTTP/2 keepalive: PING an idle connection this often (nil: only after a deadline passed),
    /// and give up on it when a PING goes unanswered for `keepaliveTimeoutSeconds`.
    public var keepaliveIntervalSeconds: Double?
    public var keepaliveTimeoutSeconds: Double?
    /// The credentials themselves never live here: only where to find them (see `Credential`).
    public var token: Credential?
    public var user: String?
    public var password: Credential?
    public var caCertificate: String?
    /// Client certificate and key (PEM files) for Milvus deployments that require mutual TLS.
    public var clientCertificate: String?
    public var clientKey: String?
    public var requestTimeoutSeconds: Double

    public init(
        host: String, port: Int, useTLS: Bool = false, metricsURL: String? = nil, token: Credential? = nil,
        user: String? = nil, password: Credential? = nil, caCertificate: String? = nil,
        requestTimeoutSeconds: Double = 10
    ) {
        self.host = host
        self.port = port
        self.useTLS = useTLS
        self.metricsURL = metricsURL
        self.token = token
        self.user = user
        self.password = password
        self.caCertificate = caCertificate
        self.requestTimeoutSeconds = requestTimeoutSeconds
    }
}

extension ExternalMilvus {
    /// The metrics pages to read: `metrics` (one or a list), else port 9091 on the Milvus host.
    public var pages: [String] { metricsURLs ?? metricsURL.map { [$0] } ?? ["http://\(host):9091/metrics"] }
}

/// `milvus.prometheus`: a Prometheus server's URL and the label matchers that pick this Milvus out.
public struct PrometheusSpec: Sendable, Equatable, Codable {
    public var url: String
    public var selector: String

    public init(url: String, selector: String = "") {
        self.url = url
        self.selector = selector
    }
}

/// A secret named in a scenario. Only its source is stored (and written to `run.json`), never the
/// value, which is read when the run connects.
public enum Credential: Sendable, Equatable, Codable {
    case literal(String)
    case environment(String)
    case file(String)

    /// What may be shown to people: the source, not the secret.
    public var redacted: String {
        switch self {
        case .literal: "<set in scenario>"
        case .environment(let name): "$\(name)"
        case .file(let path): "file \(path)"
        }
    }

    // A literal secret is encoded as its redacted form so that run.json never holds it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(redacted)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        if text.hasPrefix("$") {
            self = .environment(String(text.dropFirst()))
        } else if text.hasPrefix("file ") {
            self = .file(String(text.dropFirst(5)))
        } else {
            self = .literal("")
        }
    }
}

public enum Metric: String, Sendable, Equatable, Codable, CaseIterable {
    case l2 = "L2", ip = "IP", cosine = "COSINE"
}

public enum IndexType: String, Sendable, Equatable, Codable, CaseIterable {
    case hnsw = "HNSW", ivfFlat = "IVF_FLAT", flat = "FLAT", autoIndex = "AUTOINDEX"
}

public enum ScalarType: String, Sendable, Equatable, Codable, CaseIterable {
    case int64, float, varchar, bool
}

public struct ScalarField: Sendable, Equatable, Codable {
    public var name: String
    public var type: ScalarType
    /// For varchar fields.
    public var maxLength: Int
    /// Values are drawn uniformly from `0..<cardinality` (numbers) or that many distinct strings.
    public var cardinality: Int

    public init(name: String, type: ScalarType, maxLength: Int = 64, cardinality: Int = 100) {
        self.name = name
        self.type = type
        self.maxLength = maxLength
        self.cardinality = cardinality
    }
}

public struct IndexSpec: Sendable, Equatable, Codable {
    public var type: IndexType
    /// Passed to Milvus as the index's `params` (e.g. `M`, `efConstruction`, `nlist`).
    public var params: [String: String]

    public init(type: IndexType, params: [String: String] = [:]) {
        self.type = type
        self.params = params
    }
}

public struct CollectionSpec: Sendable, Equatable, Codable {
    public var name: String
    public var dim: Int
    public var metric: Metric
    public var index: IndexSpec
    public var fields: [ScalarField]
    public var shards: Int
    /// Drop a collection of the same name before the run (an external Milvus keeps data otherwise).
    public var dropExisting: Bool

    public init(
        name: String, dim: Int, metric: Metric = .l2, index: IndexSpec = IndexSpec(type: .hnsw),
        fields: [ScalarField] = [], shards: Int = 1, dropExisting: Bool = true
    ) {
        self.name = name
        self.dim = dim
        self.metric = metric
        self.index = index
        self.fields = fields
        self.shards = shards
        self.dropExisting = dropExisting
    }
}

public enum Distribution: String, Sendable, Equatable, Codable, CaseIterable {
    case uniform, normal
}

public struct DatasetSpec: Sendable, Equatable, Codable {
    public var seed: UInt64
    public var distribution: Distribution
    /// Rows inserted (and flushed, indexed, loaded) before the first phase.
    public var preloadRows: Int
    public var preloadBatch: Int

    public init(seed: UInt64 = 42, distribution: Distribution = .uniform, preloadRows: Int = 0, preloadBatch: Int = 1000) {
        self.seed = seed
        self.distribution = distribution
        self.preloadRows = preloadRows
        self.preloadBatch = preloadBatch
    }
}

public struct TracingSpec: Sendable, Equatable, Codable {
    /// Fraction of requests the client samples (and marks `01` in traceparent); phases may override.
    public var sampleFraction: Double
    /// Milvus's own `trace.sampleFraction` (embedded Milvus only; 0 = trace exactly what the client sampled).
    public var serverSampleFraction: Double
    /// `false` switches tracing off on both sides: no spans, no traceparent, server exporter `noop`.
    public var enabled: Bool
    public var serviceName: String
    /// The embedded OTLP/gRPC receiver's address. nil port: a free port for the embedded Milvus,
    /// 4317 for an external one (which must be configured to export there).
    public var receiverHost: String?
    public var receiverPort: Int?
    /// OTLP/HTTP port (nil: a free port for the embedded Milvus, 4318 for an external one).
    public var receiverHTTPPort: Int?
    /// Also pass every span received on to this OTLP/gRPC endpoint (host:port), e.g. a Jaeger.
    public var forwardTo: String?
    /// Extra span → component rules, tried before the built-in ones.
    public var components: [ComponentRule]
    /// After a phase, spans are collected until none of its traces got a span for this long
    /// (longer than the slowest exporter's batch interval: Milvus's are 5 s).
    public var quietSeconds: Double = 6
    /// The longest wait for a phase's spans at the embedded receiver.
    public var collectDeadlineSeconds: Double = 60

    public init(sampleFraction: Double = 0.1, serverSampleFraction: Double = 0, enabled: Bool = true, serviceName: String = "milvus-client",
                receiverHost: String? = nil, receiverPort: Int? = nil, forwardTo: String? = nil, components: [ComponentRule] = []) {
        self.sampleFraction = sampleFraction
        self.serverSampleFraction = serverSampleFraction
        self.enabled = enabled
        self.serviceName = serviceName
        self.receiverHost = receiverHost
        self.receiverPort = receiverPort
        self.forwardTo = forwardTo
        self.components = components
    }
}

public enum OperationKind: String, Sendable, Equatable, Hashable, Codable, CodingKeyRepresentable, CaseIterable, Comparable {
    case search, insert, query

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

public struct SearchSpec: Sendable, Equatable, Codable {
    public var topk: Int
    public var nq: Int
    /// Search params passed to Milvus (e.g. `ef` for HNSW, `nprobe` for IVF).
    public var params: [String: String]
    public var filter: String?
    public var outputFields: [String]

    public init(topk: Int = 10, nq: Int = 1, params: [String: String] = [:], filter: String? = nil, outputFields: [String] = []) {
        self.topk = topk
        self.nq = nq
        self.params = params
        self.filter = filter
        self.outputFields = outputFields
    }
}

public struct InsertSpec: Sendable, Equatable, Codable {
    public var batch: Int
    public init(batch: Int = 100) { self.batch = batch }
}

public struct QuerySpec: Sendable, Equatable, Codable {
    public var filter: String
    public var limit: Int
    public var outputFields: [String]

    public init(filter: String = "id >= 0", limit: Int = 10, outputFields: [String] = []) {
        self.filter = filter
        self.limit = limit
        self.outputFields = outputFields
    }
}

/// How a phase ends.
public enum PhaseLength: Sendable, Equatable, Codable {
    case duration(seconds: Double)
    case requests(Int)
}

/// An open-loop arrival rate: constant, or a linear ramp from `start` to `end` over the phase.
public struct ArrivalRate: Sendable, Equatable, Codable {
    public var start: Double
    public var end: Double
    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }
    public init(constant: Double) { self.init(start: constant, end: constant) }
}

public struct Phase: Sendable, Equatable, Codable {
    public var name: String
    public var length: PhaseLength
    public var workers: Int
    /// nil: closed loop (each worker issues its next request when the last one returns).
    public var rate: ArrivalRate?
    /// Weights per operation; only operations with a positive weight appear.
    public var mix: [OperationKind: Double]
    public var search: SearchSpec
    public var insert: InsertSpec
    public var query: QuerySpec
    /// Overrides `tracing.sampleFraction` for this phase.
    public var sampleFraction: Double?
    /// A warm-up phase runs but is left out of the report.
    public var warmup: Bool

    public init(
        name: String, length: PhaseLength, workers: Int, rate: ArrivalRate? = nil,
        mix: [OperationKind: Double], search: SearchSpec = SearchSpec(), insert: InsertSpec = InsertSpec(),
        query: QuerySpec = QuerySpec(), sampleFraction: Double? = nil, warmup: Bool = false
    ) {
        self.name = name
        self.length = length
        self.workers = workers
        self.rate = rate
        self.mix = mix
        self.search = search
        self.insert = insert
        self.query = query
        self.sampleFraction = sampleFraction
        self.warmup = warmup
    }
}

// run.json files outlive versions of traceload: keys added later decode as their defaults.
extension Scenario {
    enum CodingKeys: String, CodingKey { case name, milvus, collection, dataset, tracing, traces, phases, thresholds, compare, stopOnError }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name), milvus: try c.decode(MilvusTarget.self, forKey: .milvus),
            collection: try c.decode(CollectionSpec.self, forKey: .collection), dataset: try c.decode(DatasetSpec.self, forKey: .dataset),
            tracing: try c.decode(TracingSpec.self, forKey: .tracing), traces: try c.decodeIfPresent(JaegerSpec.self, forKey: .traces),
            phases: try c.decode([Phase].self, forKey: .phases), thresholds: try c.decodeIfPresent([Threshold].self, forKey: .thresholds) ?? [],
            compare: try c.decodeIfPresent(CompareSpec.self, forKey: .compare) ?? CompareSpec(),
            stopOnError: try c.decodeIfPresent(Bool.self, forKey: .stopOnError) ?? false
        )
    }
}

extension TracingSpec {
    enum CodingKeys: String, CodingKey {
        case sampleFraction, serverSampleFraction, enabled, serviceName, receiverHost, receiverPort, receiverHTTPPort, forwardTo, components
        case quietSeconds, collectDeadlineSeconds
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            sampleFraction: try c.decode(Double.self, forKey: .sampleFraction), serverSampleFraction: try c.decode(Double.self, forKey: .serverSampleFraction),
            enabled: try c.decode(Bool.self, forKey: .enabled), serviceName: try c.decode(String.self, forKey: .serviceName),
            receiverHost: try c.decodeIfPresent(String.self, forKey: .receiverHost), receiverPort: try c.decodeIfPresent(Int.self, forKey: .receiverPort),
            forwardTo: try c.decodeIfPresent(String.self, forKey: .forwardTo),
            components: try c.decodeIfPresent([ComponentRule].self, forKey: .components) ?? []
        )
        quietSeconds = try c.decodeIfPresent(Double.self, forKey: .quietSeconds) ?? 6
        collectDeadlineSeconds = try c.decodeIfPresent(Double.self, forKey: .collectDeadlineSeconds) ?? 60
        receiverHTTPPort = try c.decodeIfPresent(Int.self, forKey: .receiverHTTPPort)
    }
}
