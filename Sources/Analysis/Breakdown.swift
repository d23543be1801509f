import Traces

/// How many sampled requests found their server spans, and if some did not, the likely reason.
public struct Coverage: Sendable, Codable, Equatable {
    public var sampled: Int
    public var joined: Int
    public var serverSpans: Int
    public var diagnosis: String?

    public var spansPerRequest: Double { joined > 0 ? Double(serverSpans) / Double(joined) : 0 }
    public var fraction: Double { sampled > 0 ? Double(joined) / Double(sampled) : 0 }
}

/// What the trace source saw outside the client's traces: the evidence for a diagnosis.
public struct TraceEvidence: Sendable, Equatable {
    /// Server spans in traces the client did not start.
    public var foreignSpans: Int
    /// Root spans of those traces, by name.
    public var foreignRoots: [String: Int]
    /// Spans dropped by a full collector, or missing after fetch errors.
    public var lost: Int
    /// Problems reading the source (unreachable, malformed), for the report.
    public var sourceProblems: [String]

    public init(foreignSpans: Int = 0, foreignRoots: [String: Int] = [:], lost: Int = 0, sourceProblems: [String] = []) {
        self.foreignSpans = foreignSpans
        self.foreignRoots = foreignRoots
        self.lost = lost
        self.sourceProblems = sourceProblems
    }

    /// Evidence from a set of spans that was read whole (a file), given the client's trace ids.
    public static func from(spans: [Span], clientTraces: Set<TraceID>, clientService: String) -> TraceEvidence {
        var evidence = TraceEvidence()
        for span in spans where span.service != clientService && !clientTraces.contains(span.traceID) {
            evidence.foreignSpans += 1
            if span.parentSpanID == nil { evidence.foreignRoots[span.name, default: 0] += 1 }
        }
        return evidence
    }
}

/// One row of components.csv.
public struct ComponentRow: Sendable, Codable, Equatable {
    public var phase: String
    public var operation: String
    public var component: String
    public var requests: Int
    public var p50Ms, p90Ms, p99Ms, meanMs: Double
    /// The component's mean over the operation's mean latency (0…1); the shares of an operation add up to 1.
    public var shareOfMean: Double
}

/// Mean time per component in the median requests and in the slowest 1%.
public struct TailRow: Sendable, Codable, Equatable {
    public var component: String
    public var medianRequestMs: Double
    public var slowestRequestsMs: Double
}

/// A line of an example trace drawn as an indented tree.
public struct TreeLine: Sendable, Codable, Equatable {
    public var depth: Int
    public var name: String
    public var service: String
    public var component: String
    public var durationMs: Double
    public var startOffsetMs: Double
}

/// Everything the report says about one operation of one phase.
public struct OperationBreakdown: Sendable, Codable {
    public var phase: String
    public var operation: String
    public var coverage: Coverage
    public var components: [ComponentRow]
    public var tail: [TailRow]
    public var slowestRequestMs: Double
    public var slowestTrace: [TreeLine]
    /// Largest difference between a request's component sum and its latency, in percent.
    public var maxSumErrorPercent: Double
}

public enum Breakdown {
    /// Joins requests to their traces, attributes them, and summarises per phase and operation.
    public static func build(requests: [ClientRequest], traces: [TraceID: [Span]], clientService: String,
                             map: ComponentMap, evidence: TraceEvidence) -> [OperationBreakdown] {
        var groups: [String: [ClientRequest]] = [:]
        var order: [String] = []
        for request in requests {
            let key = request.phase + "\u{0}" + request.operation
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(request)
        }
        return order.map { key in
            let group = groups[key]!
            let attributions = group.compactMap { request in
                traces[request.traceID].flatMap { Attributor.attribute(request, trace: $0, clientService: clientService, map: map) }
            }
            return summarise(phase: group[0].phase, operation: group[0].operation, sampled: group.count,
                             attributions: attributions, map: map, evidence: evidence)
        }
    }

    static func summarise(phase: String, operation: String, sampled: Int, attributions: [Attribution],
                          map: ComponentMap, evidence: TraceEvidence) -> OperationBreakdown {
        var coverage = Coverage(sampled: sampled, joined: attributions.count, serverSpans: attributions.reduce(0) { $0 + $1.serverSpans.count })
        coverage.diagnosis = diagnose(coverage, operation: operation, evidence: evidence)

        let components = Set(attributions.flatMap(\.components.keys)).sorted { a, b in
            a == Attribution.clientAndWire ? true : b == Attribution.clientAndWire ? false : a < b
        }
        let meanLatency = mean(attributions.map { Double($0.request.latencyNanos) / 1e6 })
        let rows = components.map { component -> ComponentRow in
            // Requests without the component count as zero, so the shares add up to 1.
            let values = attributions.map { Double($0.components[component] ?? 0) / 1e6 }.sorted()
            let m = mean(values)
            return ComponentRow(phase: phase, operation: operation, component: component, requests: values.count,
                                p50Ms: percentile(values, 50), p90Ms: percentile(values, 90), p99Ms: percentile(values, 99),
                                meanMs: m, shareOfMean: meanLatency > 0 ? m / meanLatency : 0)
        }

        let byLatency = attributions.sorted { $0.request.latencyNanos < $1.request.latencyNanos }
        var tail: [TailRow] = []
        if !byLatency.isEmpty {
            let slowCount = max(1, Int((Double(byLatency.count) * 0.01).rounded(.up)))
            let slowest = byLatency.suffix(slowCount)
            let middle = byLatency.count / 2
            let half = max(0, Int(Double(byLatency.count) * 0.05))
            let median = byLatency[max(0, middle - half)...min(byLatency.count - 1, middle + half)]
            tail = components.map { component in
                TailRow(component: component,
                        medianRequestMs: mean(median.map { Double($0.components[component] ?? 0) / 1e6 }),
                        slowestRequestsMs: mean(slowest.map { Double($0.components[component] ?? 0) / 1e6 }))
            }
        }
        let worst = byLatency.last
        let sumError = attributions.map { a -> Double in
            let latency = Double(a.request.latencyNanos)
            return latency > 0 ? abs(Double(a.total) - latency) / latency * 100 : 0
        }.max() ?? 0
        return OperationBreakdown(
            phase: phase, operation: operation, coverage: coverage, components: rows, tail: tail,
            slowestRequestMs: worst.map { Double($0.request.latencyNanos) / 1e6 } ?? 0,
            slowestTrace: worst.map { tree($0, map: map) } ?? [], maxSumErrorPercent: sumError
        )
    }

    /// Why sampled requests found no server spans, in words a Milvus operator can act on.
    static func diagnose(_ coverage: Coverage, operation: String, evidence: TraceEvidence) -> String? {
        guard coverage.joined < coverage.sampled else { return nil }
        let missing = coverage.sampled - coverage.joined
        let method = operation.prefix(1).uppercased() + operation.dropFirst()
        let ownRoots = evidence.foreignRoots.filter { $0.key.hasSuffix("MilvusService/\(method)") }.values.reduce(0, +)
        var text: String
        if coverage.joined == 0 && ownRoots > 0 {
            text = "Trace context did not propagate: Milvus traced \(ownRoots) \(method) requests in traces of its own, none in the client's. "
                + "Milvus (Go OpenTelemetry) ignores a traceparent whose flags are not exactly 01 — newer OpenTelemetry SDKs send 03. Send flags 01."
        } else if coverage.joined == 0 && evidence.foreignSpans == 0 {
            text = "No server spans arrived at all: Milvus is not exporting to this trace source. "
                + "Check trace.exporter (TRACE_EXPORTER=otlp), trace.otlp.endpoint (TRACE_OTLP_ENDPOINT) and that Milvus can reach it."
        } else if coverage.joined == 0 {
            text = "No server spans in the client's traces, though Milvus exported \(evidence.foreignSpans) spans of its own: "
                + "check that the client sends a traceparent header with flags 01."
        } else {
            text = "\(missing) of \(coverage.sampled) sampled requests got no server spans (spans still in flight when collection ended, or lost)."
        }
        if evidence.lost > 0 { text += " \(evidence.lost) spans were dropped or lost by the trace source." }
        if !evidence.sourceProblems.isEmpty { text += " Trace source: " + evidence.sourceProblems.prefix(3).joined(separator: "; ") }
        return text
    }

    /// The request's spans as an indented tree, client span first.
    static func tree(_ attribution: Attribution, map: ComponentMap) -> [TreeLine] {
        let root = attribution.serverRoot
        var children: [UInt64: [Span]] = [:]
        for span in attribution.serverSpans where span.spanID != root.spanID {
            if let parent = span.parentSpanID { children[parent, default: []].append(span) }
        }
        let origin = root.startUnixNanos
        var lines = [TreeLine(depth: 0, name: "client: \(attribution.request.operation)", service: "client", component: Attribution.clientAndWire,
                              durationMs: Double(attribution.request.latencyNanos) / 1e6, startOffsetMs: 0)]
        var seen: Set<UInt64> = []
        func walk(_ span: Span, depth: Int) {
            guard seen.insert(span.spanID).inserted, lines.count < 200 else { return }
            lines.append(TreeLine(depth: depth, name: span.name, service: span.service, component: map.component(of: span),
                                  durationMs: Double(span.durationNanos) / 1e6,
                                  startOffsetMs: (Double(span.startUnixNanos) - Double(origin)) / 1e6))
            for child in (children[span.spanID] ?? []).sorted(by: { $0.startUnixNanos < $1.startUnixNanos }) {
                walk(child, depth: depth + 1)
            }
        }
        walk(root, depth: 1)
        return lines
    }
}

func mean(_ values: [Double]) -> Double {
    values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
}

/// Nearest-rank percentile of sorted values.
func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
    return sorted[min(max(rank, 1), sorted.count) - 1]
}
