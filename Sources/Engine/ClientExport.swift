import Telemetry
import TraceContext

/// traceload's own client spans and the loop that exports them.
struct ClientExport: Sendable {
    let tracing: ClientTracing
    let task: Task<Void, Never>
    var onStart: (@Sendable (TraceID) -> Void)?

    static func start(serviceName: String, endpoint: String) throws -> ClientExport {
        let tracing = try ClientTracing(serviceName: serviceName, endpoint: endpoint)
        return ClientExport(tracing: tracing, task: Task { try? await tracing.run() }, onStart: nil)
    }

    func expecting(_ onStart: @escaping @Sendable (TraceID) -> Void) -> ClientExport {
        var copy = self
        copy.onStart = onStart
        return copy
    }

    var tracer: any RequestTracer { tracing.tracer(onStart: onStart) }
    var serviceName: String { tracing.serviceName }
    var droppedSpans: Int { tracing.droppedSpans }

    /// Flushes what is buffered, then stops.
    func shutdown() async {
        await tracing.shutdown()
        await task.value
    }
}
