import TraceContext
import Traces

/// Traffic traceload did not generate: the client spans of one service in a set of spans become
/// the requests (operation = the gRPC method), ready for the same correlation as a run's.
package enum ClientTraffic {
    /// The requests found in a set of spans, their traces, and what lay outside them.
    package struct Requests: Sendable {
        package var requests: [ClientRequest]
        /// Each request's trace (nil: none arrived), a part of one array that holds all the traces' spans.
        package var traces: [ArraySlice<Span>?]
        package var evidence: TraceEvidence
        /// Client spans that became requests (0 when Milvus's own roots did).
        package var clientSpans: Int
        package var clientService: String
    }

    /// The prefix of the spans in which Milvus serves a client's call.
    package static let serverMethodPrefix = "milvus.proto.milvus.MilvusService/"

    package static func requests(in spans: [Span], clientService: String, phase: String = "traffic") -> Requests {
        // An application's own spans (an HTTP handler around its Milvus calls, a span of its own
        // making) are not requests to Milvus: where the client names its calls after Milvus's
        // methods, as gRPC instrumentations do, only those count. (Spans by their place in
        // `spans`: a hundred thousand client spans are not copied twice to be chosen.)
        var candidates: [Int] = []
        var calls: [Int] = []
        for (i, span) in spans.enumerated()
        where span.service == clientService && (span.kind == .client || span.parentSpanID == nil) {
            candidates.append(i)
            if isMilvusCall(span.name) { calls.append(i) }
        }
        let clientSpans = calls.isEmpty ? candidates : calls
        var operations: [String: String] = [:]
        let requests = clientSpans.sorted { spans[$0].startUnixNanos < spans[$1].startUnixNanos }.map { i in
            let span = spans[i]
            let operation = operations[span.name] ?? operationName(span.name)
            operations[span.name] = operation
            return ClientRequest(
                phase: phase, operation: operation, traceID: span.traceID, spanID: span.spanID,
                latencyNanos: span.durationNanos)
        }
        return gather(requests, spans: spans, clientService: clientService, clientSpans: clientSpans.count)
    }

    /// Traces that hold no client span (a Milvus that traced requests on its own, or a trace taken
    /// from Jaeger without its client): Milvus's own root spans of its client API become the
    /// requests, their duration the latency; there is no `client+wire`.
    package static func serverRootRequests(in spans: [Span], phase: String = "traffic") -> Requests {
        let ids = Set(spans.map { "\($0.traceID)/\($0.spanID)" })
        let roots = spans.filter { span in
            span.name.hasPrefix(serverMethodPrefix)
                && span.parentSpanID.map { !ids.contains("\(span.traceID)/\($0)") } ?? true
        }
        let requests = roots.sorted { $0.startUnixNanos < $1.startUnixNanos }.map { span in
            ClientRequest(
                phase: phase, operation: operationName(span.name), traceID: span.traceID, spanID: nil,
                latencyNanos: span.durationNanos)
        }
        return gather(requests, spans: spans, clientService: "", clientSpans: 0)
    }

    static func gather(_ requests: [ClientRequest], spans: [Span], clientService: String, clientSpans: Int)
        -> Requests
    {
        let (traces, evidence) = traces(of: requests, in: spans, clientService: clientService)
        return Requests(
            requests: requests, traces: traces, evidence: evidence, clientSpans: clientSpans,
            clientService: clientService)
    }

    /// Each request's trace in `spans` (nil: none there), and the evidence of what lay outside
    /// them. Two passes over `spans`: the first counts each trace's spans, the second copies them
    /// into one array, trace after trace (a counting sort); each trace is a slice of it. One array
    /// for a million spans, not a growing array per trace, and no dictionary of traces.
    package static func traces(of requests: [ClientRequest], in spans: [Span], clientService: String) -> (
        traces: [ArraySlice<Span>?], evidence: TraceEvidence
    ) {
        var table = TraceTable(capacity: requests.count)
        let slots = requests.map { table.insert($0.traceID) }
        // Spans of one trace mostly come together: the last trace's number is tried first.
        var last: (id: TraceID, slot: Int?) = (TraceID(high: 0, low: 0), table.number(of: TraceID(high: 0, low: 0)))
        func slot(_ id: TraceID) -> Int? {
            if id.low != last.id.low || id.high != last.id.high { last = (id, table.number(of: id)) }
            return last.slot
        }
        var starts = [Int](repeating: 0, count: table.count + 1)
        var evidence = TraceEvidence()
        for span in spans {
            if let slot = slot(span.traceID) {
                starts[slot + 1] += 1
            } else if span.service != clientService {
                evidence.foreignSpans += 1
                if span.parentSpanID == nil { evidence.foreignRoots[span.name, default: 0] += 1 }
            }
        }
        for i in 0..<table.count { starts[i + 1] += starts[i] }
        let total = starts[table.count]
        var next = starts
        let grouped = [Span](unsafeUninitializedCapacity: total) { buffer, initialized in
            for span in spans {
                guard let slot = slot(span.traceID) else { continue }
                (buffer.baseAddress! + next[slot]).initialize(to: span)
                next[slot] += 1
            }
            initialized = total
        }
        let traces = slots.map { slot in
            starts[slot] < starts[slot + 1] ? grouped[starts[slot]..<starts[slot + 1]] : nil
        }
        return (traces, evidence)
    }

    /// `/milvus.proto.milvus.MilvusService/Search`, or without the slash.
    static func isMilvusCall(_ name: String) -> Bool {
        name.hasPrefix(slashedMethodPrefix) || name.hasPrefix(serverMethodPrefix)
    }

    private static let slashedMethodPrefix = "/" + serverMethodPrefix

    /// The service whose spans call Milvus: the one with the most root client spans named after a
    /// Milvus method (`/milvus.proto.milvus.MilvusService/Search`, or without the slash); nil when
    /// no such span exists.
    package static func detectClientService(in spans: [Span]) -> String? {
        var counts: [String: Int] = [:]
        for span in spans
        where (span.kind == .client || (span.kind == .unspecified && span.parentSpanID == nil))
            && isMilvusCall(span.name)
        {
            counts[span.service, default: 0] += 1
        }
        return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }

    /// `/milvus.proto.milvus.MilvusService/Search` → `Search`.
    package static func operationName(_ spanName: String) -> String {
        spanName.split(separator: "/").last.map(String.init) ?? spanName
    }
}
