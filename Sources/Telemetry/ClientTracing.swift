import CompressNIO
import Foundation
import GRPCWire
import NIOCore
import OTLPProto
import Synchronization
import TraceContext

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
package final class ClientTracing: Sendable {
    package let serviceName: String
    package let endpoint: String
    let buffer: ClientSpanBuffer
    let exporter: GRPCConnection
    let resource: Opentelemetry_Proto_Resource_V1_Resource
    /// Exports are gzip-compressed (`grpc-encoding: gzip`).
    package let gzip: Bool
    private let stopped = Atomic<Bool>(false)
    private let running = Atomic<Bool>(false)
    private let finished = AsyncStream<Void>.makeStream()

    static let exportInterval = Duration.milliseconds(200)
    static let batchSize = 4_096

    package init(
        serviceName: String, endpoint: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        self.serviceName = environment["OTEL_SERVICE_NAME"] ?? serviceName
        self.endpoint =
            environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] ?? environment["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? endpoint
        guard let url = URL(string: self.endpoint), let host = url.host, ["http", "https"].contains(url.scheme) else {
            throw ClientTracingError.badEndpoint(self.endpoint)
        }
        var headers = Self.parseHeaders(
            environment["OTEL_EXPORTER_OTLP_TRACES_HEADERS"] ?? environment["OTEL_EXPORTER_OTLP_HEADERS"] ?? "")
        let compression =
            environment["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION"] ?? environment["OTEL_EXPORTER_OTLP_COMPRESSION"] ?? "none"
        switch compression.lowercased() {
        case "gzip": gzip = true
        case "none", "": gzip = false
        default: throw ClientTracingError.badCompression(compression)
        }
        if gzip { headers.append(("grpc-encoding", "gzip")) }
        exporter = try GRPCConnection(
            GRPCTarget(
                host: host, port: url.port ?? 4317, useTLS: url.scheme == "https", metadata: headers,
                timeoutSeconds: 10))
        buffer = ClientSpanBuffer()
        var resource = Opentelemetry_Proto_Resource_V1_Resource()
        resource.attributes = [
            Self.attribute("service.name", self.serviceName), Self.attribute("telemetry.sdk.name", "traceload"),
        ]
        self.resource = resource
    }

    /// `key=value,key2=value2`, values percent-decoded (the OTLP exporter convention).
    package static func parseHeaders(_ text: String) -> [(String, String)] {
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
    package func run() async throws {
        running.store(true, ordering: .relaxed)
        defer { finished.continuation.finish() }
        while !stopped.load(ordering: .relaxed) && !Task.isCancelled {
            try? await Task.sleep(for: Self.exportInterval)
            await exportBuffered()
        }
        await exportBuffered()
    }

    /// Exports what is buffered and stops; the connection closes only once no export is in flight.
    package func shutdown() async {
        stopped.store(true, ordering: .relaxed)
        if running.load(ordering: .relaxed) {
            for await _ in finished.stream {}
        } else {
            await exportBuffered()
        }
        exporter.close()
    }

    /// Client spans not exported: the buffer was full or the collector refused or was unreachable.
    package var droppedSpans: Int { buffer.dropped }

    /// Exports what is buffered now (a comparison's block ends: its spans' cost is its own).
    package func flush() async { await exportBuffered() }

    /// A tracer for the workload; `onStart` learns every trace id it starts (so that a receiver
    /// can tell the sampled traces it waits for from others).
    package func tracer(onStart: (@Sendable (TraceID) -> Void)? = nil) -> any RequestTracer {
        BufferingTracer(buffer: buffer, onStart: onStart)
    }

    static let exportPath =
        "/" + Opentelemetry_Proto_Collector_Trace_V1_TraceService.Method.Export.descriptor.fullyQualifiedMethod
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
                let response = try await send(request)
                if response.hasPartialSuccess, response.partialSuccess.rejectedSpans > 0 {
                    buffer.countDropped(Int(response.partialSuccess.rejectedSpans))
                }
                return
            } catch {
                guard attempt < Self.attempts, Self.retryable(error), !Task.isCancelled else { break }
                try? await Task.sleep(for: pause * Double.random(in: 0.8...1.2))
                pause = min(pause * 2, .seconds(2))
            }
        }
        buffer.countDropped(batch.count)
    }

    /// One export call, gzip-compressed when asked (the message's flag byte says so).
    func send(_ request: Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest) async throws(CallFailure)
        -> Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceResponse
    {
        guard gzip else { return try await exporter.call(path: Self.exportPath, request) }
        var framed = ByteBufferAllocator().buffer(capacity: 0)
        do {
            var plain = ByteBuffer(bytes: try request.serializedBytes() as [UInt8])
            var compressed = try plain.compress(with: .gzip())
            framed.writeInteger(UInt8(1))
            framed.writeInteger(UInt32(compressed.readableBytes))
            framed.writeBuffer(&compressed)
        } catch {
            throw CallFailure.status(code: "internal", message: "cannot gzip the export: \(error)")
        }
        switch await exporter.call(path: Self.exportPath, message: framed) {
        case .success(let bytes):
            do {
                return try Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceResponse(
                    serializedBytes: ReceivedBytes(bytes))
            } catch {
                throw CallFailure.status(code: "internal", message: "cannot decode the export's answer: \(error)")
            }
        case .failure(let failure):
            throw failure
        }
    }

    static func retryable(_ failure: CallFailure) -> Bool {
        switch failure {
        case .timeout: true
        case .status(let code, _):
            ["unavailable", "resourceExhausted", "aborted", "outOfRange", "dataLoss", "cancelled"].contains(code)
        }
    }

    func exportRequest(_ spans: ArraySlice<ClientSpan>)
        -> Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest
    {
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
