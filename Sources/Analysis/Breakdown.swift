import TraceContext
import Traces

/// Correlation: requests joined to their traces, attributed, summarised per phase and operation.
/// Called only through `Results.Correlation`, the one place a run, `analyze` and a re-analysis
/// start it from.
package enum Breakdown {
    /// Joins requests to their traces (each request's beside it; nil: none arrived), attributes
    /// them, and summarises per phase and operation.
    package static func build(
        requests: [ClientRequest], tracesByRequest traces: [ArraySlice<Span>?], clientService: String,
        map: ComponentMap, evidence: TraceEvidence
    ) -> [OperationBreakdown] {
        precondition(traces.count == requests.count, "one trace (or nil) for each request")
        struct Group: Hashable {
            var phase: String
            var operation: String
        }
        // Requests by their place in `requests`.
        var groups: [Group: [Int]] = [:]
        var order: [Group] = []
        for (i, request) in requests.enumerated() {
            let key = Group(phase: request.phase, operation: request.operation)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(i)
        }
        var catalog = SpanCatalog(map: map)
        var workspace = Attributor.Workspace()
        var out: [OperationBreakdown] = []
        for key in order {
            let group = groups[key]!
            // The server spans of each joined request: the shape of the operation is learned from them.
            var joined: [ClientRequest] = []
            var serverTraces: [ServerTrace] = []
            for i in group {
                guard let spans = traces[i] else { continue }
                let request = requests[i]
                let trace = ServerTrace(
                    spans, requestSpanID: request.spanID, clientService: clientService, catalog: &catalog)
                guard !trace.nodes.isEmpty else { continue }
                joined.append(request)
                serverTraces.append(trace)
            }
            let shape = TraceShape(traces: serverTraces, catalog: catalog)
            var attributions: [Attribution] = []
            attributions.reserveCapacity(joined.count)
            for (request, trace) in zip(joined, serverTraces) {
                if let attribution = Attributor.attribute(
                    request, trace: trace, catalog: &catalog, parentNames: shape.handsWorkOn, workspace: &workspace)
                {
                    attributions.append(attribution)
                }
            }
            out.append(
                summarise(
                    phase: key.phase, operation: key.operation, sampled: group.count,
                    attributions: attributions, shape: shape, catalog: catalog, evidence: evidence))
        }
        return out
    }

    static func summarise(
        phase: String, operation: String, sampled: Int, attributions: [Attribution],
        shape: TraceShape, catalog: SpanCatalog, evidence: TraceEvidence
    ) -> OperationBreakdown {
        var coverage = Coverage(
            sampled: sampled, joined: attributions.count,
            serverSpans: attributions.reduce(0) { $0 + $1.trace.nodes.count })
        coverage.diagnosis = diagnose(coverage, operation: operation, evidence: evidence)
        let lacks = attributions.map { shape.missing(in: $0.trace, catalog: catalog) }
        coverage.complete = lacks.filter(\.isEmpty).count
        let missing = shape.expected.indices.compactMap { e -> MissingSpan? in
            let expected = shape.expected[e]
            let lacking = lacks.filter { $0.contains(e) }.count
            return lacking == 0
                ? nil
                : MissingSpan(
                    name: expected.name, component: expected.component, parent: expected.parent,
                    lacking: lacking, present: attributions.count - lacking)
        }
        coverage.missing = missing
        coverage.completeness = describe(missing, coverage: coverage, operation: operation)

        let rows = componentRows(phase: phase, operation: operation, attributions: attributions)
        let completeCount = coverage.complete ?? 0
        let completeRows =
            completeCount < attributions.count && completeCount > 0
            ? componentRows(
                phase: phase, operation: operation,
                attributions: zip(attributions, lacks).filter { $0.1.isEmpty }.map(\.0)) : nil

        // By latency, as places in `attributions` (an attribution is several arrays: not moved to sort).
        let byLatency = attributions.indices.sorted {
            attributions[$0].request.latencyNanos < attributions[$1].request.latencyNanos
        }
        var tail: [TailRow] = []
        if !byLatency.isEmpty {
            let slowCount = max(1, Int((Double(byLatency.count) * 0.01).rounded(.up)))
            let slowest = byLatency.suffix(slowCount)
            let middle = byLatency.count / 2
            let half = max(0, Int(Double(byLatency.count) * 0.05))
            let median = byLatency[max(0, middle - half)...min(byLatency.count - 1, middle + half)]
            tail = rows.map { row in
                let component = catalog.componentID(row.component) ?? -1
                func untraced(_ group: some Collection<Int>) -> Double? {
                    row.uncoveredMs == nil
                        ? nil : mean(group.map { Double(attributions[$0].untraced(component)) / 1e6 })
                }
                return TailRow(
                    component: row.component,
                    medianRequestMs: mean(median.map { Double(attributions[$0].nanos(component)) / 1e6 }),
                    slowestRequestsMs: mean(slowest.map { Double(attributions[$0].nanos(component)) / 1e6 }),
                    medianUntracedMs: untraced(median), slowestUntracedMs: untraced(slowest),
                    slowestCount: slowest.count, medianCount: median.count)
            }
        }
        let worst = byLatency.last.map { attributions[$0] }
        let sumError =
            attributions.map { a -> Double in
                let latency = Double(a.request.latencyNanos)
                return latency > 0 ? abs(Double(a.total) - latency) / latency * 100 : 0
            }.max() ?? 0
        return OperationBreakdown(
            phase: phase, operation: operation, coverage: coverage, components: rows, completeComponents: completeRows,
            untraced: untracedRows(attributions, catalog: catalog), tail: tail,
            slowestRequestMs: worst.map { Double($0.request.latencyNanos) / 1e6 } ?? 0,
            slowestTrace: worst.map { tree($0, catalog: catalog) } ?? [], maxSumErrorPercent: sumError
        )
    }

    /// Per component, its time over `attributions` (requests without it count as zero, so the
    /// shares add up to 1), `client queue` and `client+wire` first.
    static func componentRows(phase: String, operation: String, attributions: [Attribution]) -> [ComponentRow] {
        let first = [Attribution.clientQueue, Attribution.clientAndWire]
        // Attributions of one catalog: the latest knows every component number the others use.
        let names = attributions.max { $0.componentNames.count < $1.componentNames.count }?.componentNames ?? []
        var present = [Bool](repeating: false, count: names.count)
        for attribution in attributions {
            for part in attribution.parts { present[Int(part.component)] = true }
        }
        let components = names.indices.filter { present[$0] }.sorted { a, b in
            (first.firstIndex(of: names[a]) ?? first.count, names[a])
                < (first.firstIndex(of: names[b]) ?? first.count, names[b])
        }
        let meanLatency = mean(attributions.map { Double($0.request.latencyNanos) / 1e6 })
        return components.map { id -> ComponentRow in
            let component = names[id]
            let values = attributions.map { Double($0.nanos(Int32(id))) / 1e6 }.sorted()
            let m = mean(values)
            let isSpan = !first.contains(component) && !component.hasPrefix(Attribution.networkPrefix)
            return ComponentRow(
                phase: phase, operation: operation, component: component, requests: values.count,
                p50Ms: percentile(values, 50), p90Ms: percentile(values, 90), p99Ms: percentile(values, 99),
                meanMs: m, shareOfMean: meanLatency > 0 ? m / meanLatency : 0,
                uncoveredMs: isSpan ? mean(attributions.map { Double($0.untraced(Int32(id))) / 1e6 }) : nil)
        }
    }

    /// Untraced time by the span it lies in, largest mean first.
    static func untracedRows(_ attributions: [Attribution], catalog: SpanCatalog) -> [UntracedRow] {
        var places: [(name: Int32, component: Int32)] = []
        var known: Set<Int64> = []
        for attribution in attributions {
            for place in attribution.untracedPlaces
            where known.insert(Int64(place.name) << 32 | Int64(place.component)).inserted {
                places.append((place.name, place.component))
            }
        }
        let meanLatency = mean(attributions.map { Double($0.request.latencyNanos) / 1e6 })
        return places.map { place in
            let values = attributions.map { attribution in
                Double(
                    attribution.untracedPlaces.first { $0.name == place.name && $0.component == place.component }?
                        .nanos ?? 0) / 1e6
            }.sorted()
            let m = mean(values)
            return UntracedRow(
                span: catalog.names[Int(place.name)], component: catalog.components[Int(place.component)],
                requests: values.filter { $0 > 0 }.count,
                meanMs: m, p99Ms: percentile(values, 99), shareOfLatency: meanLatency > 0 ? m / meanLatency : 0)
        }
        .sorted { ($0.meanMs, $1.span, $1.component) > ($1.meanMs, $0.span, $0.component) }
    }

    /// What incomplete traces lack, in words an operator can act on.
    static func describe(_ missing: [MissingSpan], coverage: Coverage, operation: String) -> String? {
        guard !missing.isEmpty else { return nil }
        return missing.map { m in
            var text =
                "\(m.lacking) of \(coverage.joined) \(operation) traces have no \(m.name) span; the other \(m.present) do. "
            text += "In those \(m.lacking) the \(m.component) time is not traced"
            if let parent = m.parent { text += " and shows as untraced time inside \(parent)" }
            return text + "."
        }.joined(separator: " ")
    }

    /// Why sampled requests found no server spans, in words a Milvus operator can act on.
    static func diagnose(_ coverage: Coverage, operation: String, evidence: TraceEvidence) -> String? {
        guard coverage.joined < coverage.sampled else { return nil }
        let missing = coverage.sampled - coverage.joined
        let method = operation.prefix(1).uppercased() + operation.dropFirst()
        let ownRoots = evidence.foreignRoots.filter { $0.key.hasSuffix("MilvusService/\(method)") }.values.reduce(0, +)
        var text: String
        if coverage.joined == 0 && ownRoots > 0 {
            text =
                "Trace context did not propagate: Milvus traced \(ownRoots) \(method) requests in traces of its own, none in the client's. "
                + "Milvus (Go OpenTelemetry) ignores a traceparent whose flags are not exactly 01 — newer OpenTelemetry SDKs send 03. Send flags 01."
        } else if coverage.joined == 0 && evidence.foreignSpans == 0 {
            text =
                "No server spans arrived at all: Milvus is not exporting to this trace source. "
                + "Check trace.exporter (TRACE_EXPORTER=otlp), trace.otlp.endpoint (TRACE_OTLP_ENDPOINT) and that Milvus can reach it."
        } else if coverage.joined == 0 {
            text =
                "No server spans in the client's traces, though Milvus exported \(evidence.foreignSpans) spans of its own: "
                + "check that the client sends a traceparent header with flags 01."
        } else {
            text =
                "\(missing) of \(coverage.sampled) sampled requests got no server spans (spans still in flight when collection ended, or lost)."
        }
        if evidence.lost > 0 { text += " \(evidence.lost) spans were dropped or lost by the trace source." }
        if !evidence.sourceProblems.isEmpty {
            text += " Trace source: " + evidence.sourceProblems.prefix(3).joined(separator: "; ")
        }
        return text
    }

    /// The request's spans as an indented tree, client span first.
    static func tree(_ attribution: Attribution, catalog: SpanCatalog) -> [TreeLine] {
        let root = attribution.serverRoot
        var children: [UInt64: [Span]] = [:]
        for span in attribution.serverSpans where span.spanID != root.spanID {
            if let parent = span.parentSpanID { children[parent, default: []].append(span) }
        }
        var names = catalog
        var hops: [(spanID: UInt64, component: Int32)] = []
        Attributor.networkHops(attribution.trace, catalog: &names, into: &hops)
        let origin = root.startUnixNanos
        var lines = [
            TreeLine(
                depth: 0, name: "client: \(attribution.request.operation)", service: "client",
                component: Attribution.clientAndWire,
                // The client span: from the send (an open loop's wait before it is not drawn).
                durationMs: Double(attribution.request.latencyNanos - attribution.request.queuedNanos) / 1e6,
                startOffsetMs: 0)
        ]
        var seen: Set<UInt64> = []
        func walk(_ span: Span, depth: Int) {
            guard seen.insert(span.spanID).inserted, lines.count < 200 else { return }
            lines.append(
                TreeLine(
                    depth: depth, name: span.name, service: span.service,
                    component: hops.last { $0.spanID == span.spanID }.map { names.components[Int($0.component)] }
                        ?? catalog.map.component(of: span),
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
