import Foundation
import GRPCWire
import OTLPProto
import Synchronization
import Traces
import Scenario
import Workload

/// Client spans for sampled requests, exported over OTLP/gRPC in batches.
///
/// Why not swift-otel: its span goes through a context, an attribute dictionary, a propagator
/// round trip and an async batch processor that wakes a task per span; measured end to end that
/// made tracing at fraction 1 cost 35–60% of traceload's (much smaller) client CPU per request.
/// A sampled request here costs one id pair, one traceparent string and one append to a buffer;
/// a background loop encodes the buffer as an OTLP export every 200 ms and sends it over the
/// same lean gRPC client the workload uses.
///
/// The sampling decision is the workload's (`SamplingThreshold`, per phase); an unsampled request
/// never touches the tracer. `OTEL_SERVICE_NAME`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` /
/// `OTEL_EXPORTER_OTLP_ENDPOINT` (`http://` or `https://`) and `OTEL_EXPORTER_OTLP_TRACES_HEADERS` /
/// `OTEL_EXPORTER_OTLP_HEADERS` apply.
public final class ClientTracing: Sendable {
    public let serviceName: String
    public let endpoint: String
    let buffer: ClientSpanBuffer
    let exporter: GRPCConnection
    let resource: Opentelemetry_Proto_Resource_V1_Resource
    private let stopped = Atomic<Bool>(false)
    private let running = Atomic<Bool>(false)
    private let finished = AsyncStream<Void>.makeStream()
    private let failures = Mutex<[String: Int]>([:])

    static let exportInterval = Duration.milliseconds(200)
    static let batchSize = 4_096

    public init(serviceName: String, endpoint: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.serviceName = environment["OTEL_SERVICE_NAME"] ?? serviceName
        self.endpoint = environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] ?? environment["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? endpoint
        guard let url = URL(string: self.endpoint), let host = url.host, ["http", "https"].contains(url.scheme) else {
            throw ClientTracingError.badEndpoint(self.endpoint)
        }
        let headers = Self.parseHeaders(environment["OTEL_EXPORTER_OTLP_TRACES_HEADERS"] ?? environment["OTEL_EXPORTER_OTLP_HEADERS"] ?? "")
        exporter = try GRPCConnection(GRPCTarget(host: host, port: url.port ?? 4317, useTLS: url.scheme == "https", metadata: headers,
                                                 timeoutSeconds: 10))
        buffer = ClientSpanBuffer()
        var resource = Opentelemetry_Proto_Resource_V1_Resource()
        resource.attributes = [Self.attribute("service.name", self.serviceName), Self.attribute("telemetry.sdk.name", "traceload")]
        self.resource = resource
    }

    /// `key=value,key2=value2`, values percent-decoded (the OTLP exporter convention).
    static func parseHeaders(_ text: String) -> [(String, String)] {
        text.split(separator: ",").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            let key = parts[0].trimmingCharacters(in: .whitespaces).lowercased()
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            return (key, value.removingPercentEncoding ?? value)
        }
    }

    /// Exports what sampled requests left in the buffer, every 200 ms, until `shutdown()` (or
    /// the task is cancelled); then what is left, once.
    public func run() async throws {
        running.store(true, ordering: .relaxed)
        defer { finished.continuation.finish() }
        while !stopped.load(ordering: .relaxed) && !Task.isCancelled {
            try? await Task.sleep(for: Self.exportInterval)
            await exportBuffered()
        }
        await exportBuffered()
    }

    /// Exports what is buffered and stops; the connection closes only once no export is in flight.
    public func shutdown() async {
        stopped.store(true, ordering: .relaxed)
        if running.load(ordering: .relaxed) {
            for await _ in finished.stream {}
        } else {
            await exportBuffered()
        }
        exporter.close()
    }

    /// Client spans not exported: the buffer was full or the collector refused or was unreachable.
    public var droppedSpans: Int { buffer.dropped }

    /// Why exports failed, with counts (for the log).
    public var exportFailures: [String: Int] { failures.withLock { $0 } }

    public func tracer(collector: SpanCollector?) -> any RequestTracer {
        BufferingTracer(buffer: buffer, collector: collector)
    }

    static let exportPath = "/" + Opentelemetry_Proto_Collector_Trace_V1_TraceService.Method.Export.descriptor.fullyQualifiedMethod
    /// Attempts per batch; a retryable failure waits 100 ms, doubling up to 2 s, before the next.
    static let attempts = 5

    func exportBuffered() async {
        let spans = buffer.takeAll()
        var start = 0
        while start < spans.count {
            let batch = spans[start..<min(start + Self.batchSize, spans.count)]
            start += batch.count
            await export(batch)
        }
    }

    /// One batch, retried as the OTLP specification asks: on the codes a collector uses for
    /// "later" (UNAVAILABLE, RESOURCE_EXHAUSTED, ABORTED, ...), with backoff. Spans the collector
    /// rejected (`partial_success`) and batches given up on count as dropped.
    func export(_ batch: ArraySlice<ClientSpan>) async {
        let request = exportRequest(batch)
        var pause = Duration.milliseconds(100)
        for attempt in 1...Self.attempts {
            do {
                let response: Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceResponse = try await exporter.call(path: Self.exportPath, request)
                if response.hasPartialSuccess, response.partialSuccess.rejectedSpans > 0 {
                    buffer.countDropped(Int(response.partialSuccess.rejectedSpans))
                    failures.withLock { $0["rejected by the collector: \(response.partialSuccess.errorMessage)", default: 0] += 1 }
                }
                return
            } catch {
                failures.withLock { $0[error.description, default: 0] += 1 }
                guard attempt < Self.attempts, Self.retryable(error), !Task.isCancelled else { break }
                try? await Task.sleep(for: pause * Double.random(in: 0.8...1.2))
                pause = min(pause * 2, .seconds(2))
            }
        }
        buffer.countDropped(batch.count)
    }

    static func retryable(_ failure: CallFailure) -> Bool {
        switch failure {
        case .timeout: true
        case .status(let code, _): ["unavailable", "resourceExhausted", "aborted", "outOfRange", "dataLoss", "cancelled"].contains(code)
        }
    }

    func exportRequest(_ spans: ArraySlice<ClientSpan>) -> Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest {
        var scope = Opentelemetry_Proto_Trace_V1_ScopeSpans()
        scope.scope.name = "traceload"
        scope.spans = spans.map { $0.otlp() }
        var resourceSpans = Opentelemetry_Proto_Trace_V1_ResourceSpans()
        resourceSpans.resource = resource
        resourceSpans.scopeSpans = [scope]
        var request = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest()
        request.resourceSpans = [resourceSpans]
        return request
    }

    static func attribute(_ key: String, _ value: String) -> Opentelemetry_Proto_Common_V1_KeyValue {
        var pair = Opentelemetry_Proto_Common_V1_KeyValue()
        pair.key = key
        pair.value.stringValue = value
        return pair
    }
}

public enum ClientTracingError: Error, CustomStringConvertible {
    case badEndpoint(String)

    public var description: String {
        switch self {
        case .badEndpoint(let endpoint): "OTLP endpoint '\(endpoint)': expected http://HOST:PORT or https://HOST:PORT"
        }
    }
}

/// One finished client span, as the workload saw it.
struct ClientSpan: Sendable {
    var traceID: TraceID
    var spanID: UInt64
    var operation: OperationKind
    var startNanos: UInt64
    var endNanos: UInt64
    var error: String?

    func otlp() -> Opentelemetry_Proto_Trace_V1_Span {
        var span = Opentelemetry_Proto_Trace_V1_Span()
        span.traceID = Self.bytes(traceID.high, traceID.low)
        span.spanID = Self.bytes(spanID)
        let method = MilvusMethod.name(of: operation)
        span.name = "/milvus.proto.milvus.MilvusService/" + method
        span.kind = .client
        span.startTimeUnixNano = startNanos
        span.endTimeUnixNano = endNanos
        span.attributes = [
            ClientTracing.attribute("rpc.system", "grpc"),
            ClientTracing.attribute("rpc.service", "milvus.proto.milvus.MilvusService"),
            ClientTracing.attribute("rpc.method", method),
        ]
        if let error {
            span.status.code = .error
            span.status.message = error
        }
        return span
    }

    static func bytes(_ words: UInt64...) -> Data {
        var data = Data(capacity: words.count * 8)
        for word in words { withUnsafeBytes(of: word.bigEndian) { data.append(contentsOf: $0) } }
        return data
    }
}

/// Finished client spans waiting for the next export; bounded, drops counted.
final class ClientSpanBuffer: Sendable {
    static let capacity = 65_536
    private let spans = Mutex<[ClientSpan]>([])
    private let droppedCount = Atomic<Int>(0)

    func append(_ span: ClientSpan) {
        let kept = spans.withLock { spans in
            guard spans.count < Self.capacity else { return false }
            spans.append(span)
            return true
        }
        if !kept { countDropped(1) }
    }

    func takeAll() -> [ClientSpan] {
        spans.withLock { spans in
            defer { spans = [] }
            return spans
        }
    }

    func countDropped(_ n: Int) { droppedCount.wrappingAdd(n, ordering: .relaxed) }
    var dropped: Int { droppedCount.load(ordering: .relaxed) }
}

/// Starts a client span per sampled request: fresh ids, the traceparent (flags exactly 01), and
/// an `end` that buffers the finished span.
struct BufferingTracer: RequestTracer {
    let buffer: ClientSpanBuffer
    let collector: SpanCollector?

    func start(_ operation: OperationKind) -> TracedRequest {
        let traceID = SpanIDs.traceID()
        let spanID = SpanIDs.spanID()
        collector?.expect(traceID)
        let buffer = buffer
        return TracedRequest(traceparent: Traceparent.header(traceID: traceID, spanID: spanID, sampled: true), traceID: traceID, spanID: spanID) { error, start, duration in
            buffer.append(ClientSpan(traceID: traceID, spanID: spanID, operation: operation, startNanos: start, endNanos: start &+ duration, error: error))
        }
    }
}

/// Trace and span ids: unique and well spread (SplitMix64 over an atomic counter seeded from the
/// system's randomness), without a system call or a lock per id. Not secrets, so not
/// cryptographic.
enum SpanIDs {
    private static let state = Atomic<UInt64>(UInt64.random(in: 1...UInt64.max))

    static func next() -> UInt64 {
        var z = state.wrappingAdd(0x9E37_79B9_7F4A_7C15, ordering: .relaxed).newValue
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return z == 0 ? 1 : z
    }

    static func traceID() -> TraceID { TraceID(high: next(), low: next()) }
    static func spanID() -> UInt64 { next() }
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
