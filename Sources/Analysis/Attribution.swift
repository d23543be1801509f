import Traces

/// One sampled request, as correlation sees it, whatever produced it: traceload's own workload,
/// or the client spans of another application found in a trace source.
public struct ClientRequest: Sendable, Equatable {
    public var phase: String
    public var operation: String
    public var traceID: TraceID
    /// The client span's id, when known: the server root's parent.
    public var spanID: UInt64?
    public var latencyNanos: UInt64

    public init(phase: String, operation: String, traceID: TraceID, spanID: UInt64?, latencyNanos: UInt64) {
        self.phase = phase
        self.operation = operation
        self.traceID = traceID
        self.spanID = spanID
        self.latencyNanos = latencyNanos
    }
}

/// Where one request's time went: every nanosecond of its client-measured latency, once.
public struct Attribution: Sendable {
    public static let clientAndWire = "client+wire"

    public var request: ClientRequest
    public var components: [String: UInt64]
    public var serverRoot: Span
    public var serverSpans: [Span]

    public var total: UInt64 { components.values.reduce(0, +) }
}

public enum Attributor {
    /// Attributes `request` over the server spans of its trace; nil when it has none.
    ///
    /// The server root is the span whose parent is the client span (or, when the client span id
    /// is unknown, the longest span whose parent is not in the trace). `client+wire` is the client
    /// latency minus the server root's duration; the root's duration is split over components
    /// along the critical path. Should the server root outlast the client span (clocks of two
    /// hosts), the server part is scaled down to the client latency.
    public static func attribute(_ request: ClientRequest, trace: [Span], clientService: String, map: ComponentMap) -> Attribution? {
        let server = trace.filter { $0.spanID != request.spanID && $0.service != clientService }
        guard !server.isEmpty else { return nil }
        let ids = Set(trace.map(\.spanID))
        let candidates = request.spanID.map { id in server.filter { $0.parentSpanID == id } } ?? []
        let roots = candidates.isEmpty ? server.filter { $0.parentSpanID.map { !ids.contains($0) } ?? true } : candidates
        guard let root = roots.max(by: { $0.durationNanos < $1.durationNanos }) else { return nil }

        var byComponent: [String: UInt64] = [:]
        for (span, nanos) in CriticalPath.sections(root: root, spans: server) where nanos > 0 {
            byComponent[map.component(of: span), default: 0] += nanos
        }
        let latency = request.latencyNanos
        let serverTotal = root.durationNanos
        if serverTotal > latency && serverTotal > 0 {
            let scale = Double(latency) / Double(serverTotal)
            byComponent = byComponent.mapValues { UInt64((Double($0) * scale).rounded(.down)) }
        }
        let assigned = byComponent.values.reduce(0, +)
        byComponent[Attribution.clientAndWire] = latency - min(assigned, latency)
        return Attribution(request: request, components: byComponent, serverRoot: root, serverSpans: server)
    }
}
