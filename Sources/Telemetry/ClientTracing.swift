import Foundation
import Logging
import OTel
import ServiceLifecycle
import Synchronization
import Tracing
import Traces
import Workload
import Scenario

/// Client spans for sampled requests, exported over OTLP by swift-otel.
///
/// swift-otel's sampler is fixed at bootstrap, but each phase sets its own fraction, so the
/// decision is made by the workload (`SamplingThreshold`) and swift-otel samples every span it is
/// given: an unsampled request never touches the tracer. Standard `OTEL_EXPORTER_OTLP_*`
/// variables still apply; `OTEL_TRACES_SAMPLER*` are ignored for that reason.
public final class ClientTracing: Sendable {
    public let serviceName: String
    public let endpoint: String
    private let group: ServiceGroup
    private let drops: DropCounter

    /// Bootstraps the process-wide tracer (once per process) exporting to `endpoint`
    /// (e.g. `http://127.0.0.1:4317`) unless the environment says otherwise.
    public init(serviceName: String, endpoint: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        var configuration = OTel.Configuration.default
        configuration.serviceName = environment["OTEL_SERVICE_NAME"] ?? serviceName
        configuration.propagators = [.traceContext]
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.traces.sampler = .alwaysOn
        configuration.traces.otlpExporter.endpoint = endpoint
        configuration.traces.otlpExporter.protocol = .grpc
        // The defaults (5 s delay, 2,048 queue, 512 batch) drop half the spans of a busy phase.
        configuration.traces.batchSpanProcessor.scheduleDelay = .milliseconds(200)
        configuration.traces.batchSpanProcessor.maxQueueSize = 65_536
        configuration.traces.batchSpanProcessor.maxExportBatchSize = 4_096
        let drops = DropCounter()
        configuration.diagnosticLogger = .custom(Logger(label: "traceload.otel") { _ in DropCountingHandler(counter: drops) })
        let filtered = environment.filter { !$0.key.hasPrefix("OTEL_TRACES_SAMPLER") }
        let service = try OTel.bootstrap(configuration: configuration, environment: filtered)
        self.serviceName = configuration.serviceName
        self.endpoint = environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] ?? environment["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? endpoint
        self.drops = drops
        group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: Logger(label: "traceload.otel", factory: { _ in SwiftLogNoOpLogHandler() })))
    }

    /// Runs the exporter until `shutdown()`.
    public func run() async throws {
        try await group.run()
    }

    /// Flushes what is queued and stops the exporter.
    public func shutdown() async {
        await group.triggerGracefulShutdown()
    }

    /// Client spans the exporter dropped (its queue was full).
    public var droppedSpans: Int { drops.value }

    public func tracer(collector: SpanCollector?) -> any RequestTracer {
        OTelRequestTracer(collector: collector)
    }
}

/// Starts one client span per sampled request and hands back its traceparent.
struct OTelRequestTracer: RequestTracer {
    let collector: SpanCollector?

    func start(_ operation: OperationKind) -> TracedRequest {
        let method = MilvusMethod.name(of: operation)
        let span = InstrumentationSystem.tracer.startAnySpan("/milvus.proto.milvus.MilvusService/\(method)", context: .topLevel, ofKind: .client)
        span.attributes["rpc.system"] = "grpc"
        span.attributes["rpc.service"] = "milvus.proto.milvus.MilvusService"
        span.attributes["rpc.method"] = method
        var carrier: [String: String] = [:]
        InstrumentationSystem.instrument.inject(span.context, into: &carrier, using: DictionaryInjector())
        let header = carrier["traceparent"] ?? ""
        let parsed = Traceparent.parse(header)
        let traceID = parsed?.traceID ?? TraceID(high: 0, low: 0)
        collector?.expect(traceID)
        return TracedRequest(traceparent: header, traceID: traceID, spanID: parsed?.spanID ?? 0) { error in
            if let error {
                span.setStatus(SpanStatus(code: .error, message: error))
            }
            span.end()
        }
    }
}

public enum MilvusMethod {
    /// The MilvusService method an operation calls.
    public static func name(of operation: OperationKind) -> String {
        switch operation {
        case .search: "Search"
        case .insert: "Insert"
        case .query: "Query"
        }
    }
}

struct DictionaryInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
        carrier[key] = value
    }
}

final class DropCounter: Sendable {
    private let count = Atomic<Int>(0)
    func add(_ n: Int) { count.wrappingAdd(n, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}

/// swift-otel reports dropped spans only as a log warning with `dropped_count`; count them.
struct DropCountingHandler: LogHandler {
    let counter: DropCounter
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .warning

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        if case .string(let text)? = metadata?["dropped_count"], let n = Int(text) {
            counter.add(n)
        } else if case .stringConvertible(let value)? = metadata?["dropped_count"], let n = Int(value.description) {
            counter.add(n)
        }
    }
}
