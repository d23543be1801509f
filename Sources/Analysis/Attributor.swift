import Traces

package enum Attributor {
    /// Attributes `request` over the server spans of its trace; nil when it has none.
    ///
    /// The server root is the span whose parent is the client span (or, when the client span id
    /// is unknown, the longest span whose parent is not in the trace). `client+wire` is the client
    /// latency minus the server root's duration; the root's duration is split over components
    /// along the critical path. Should the server root outlast the client span (clocks of two
    /// hosts), the server part is scaled down to the client latency.
    ///
    /// A span's own time on the path counts as untraced when the span is one that hands work on
    /// (it has children here, or its name is in `parentNames`, learned from the operation's
    /// traces) and neither a child of it nor any span's work ran meanwhile. A leaf such as
    /// `SegCoreSearch` is the work it names, not a wait.
    package static func attribute(
        _ request: ClientRequest, trace: [Span], clientService: String, map: ComponentMap,
        parentNames: Set<String> = []
    ) -> Attribution? {
        let server = trace.filter { $0.spanID != request.spanID && $0.service != clientService }
        guard !server.isEmpty else { return nil }
        let ids = Set(trace.map(\.spanID))
        let candidates = request.spanID.map { id in server.filter { $0.parentSpanID == id } } ?? []
        let roots =
            candidates.isEmpty ? server.filter { $0.parentSpanID.map { !ids.contains($0) } ?? true } : candidates
        guard let root = roots.max(by: { $0.durationNanos < $1.durationNanos }) else { return nil }

        let hops = networkHops(server)
        // The client side of a call whose server side is traced: its own time is the call's hop
        // (in-process gRPC in a standalone server), named by the pair, not a wait.
        let calls = Set(
            server.filter { span in
                span.parentSpanID.flatMap { id in server.first { $0.spanID == id } }.map { parent in
                    parent.kind == .client && (span.kind == .server || span.name == parent.name)
                } ?? false
            }.compactMap(\.parentSpanID))
        // Work that spans measure: childless spans that are not known to hand work on.
        let parents = Set(server.compactMap(\.parentSpanID))
        let work = CriticalPath.union(
            server.filter { !parents.contains($0.spanID) && !parentNames.contains($0.name) }
                .map { ($0.startUnixNanos, $0.endUnixNanos) })
        var byComponent: [String: UInt64] = [:]
        var untraced: [String: UInt64] = [:]
        var bySpan: [Attribution.Place: UInt64] = [:]
        for section in CriticalPath.sections(root: root, spans: server) where section.nanos > 0 {
            if let hop = hops[section.span.spanID] {
                byComponent[hop, default: 0] += section.nanos
                continue
            }
            let component = map.component(of: section.span)
            byComponent[component, default: 0] += section.nanos
            guard section.hasChildren || parentNames.contains(section.span.name), !calls.contains(section.span.spanID)
            else { continue }
            // Its own time on the path, less what its children or any span's work covered.
            let children = CriticalPath.union(
                server.filter { $0.parentSpanID == section.span.spanID }.map { ($0.startUnixNanos, $0.endUnixNanos) })
            let covered = CriticalPath.union(children + work)
            let free = section.intervals.reduce(UInt64(0)) {
                $0 + ($1.1 - $1.0) - CriticalPath.overlapLength($1, covered)
            }
            if free > 0 {
                untraced[component, default: 0] += free
                bySpan[Attribution.Place(span: section.span.name, component: component), default: 0] += free
            }
        }
        // The client span's latency: from the send. The wait before it is a component of its own.
        let latency = request.latencyNanos - request.queuedNanos
        let serverTotal = root.durationNanos
        if serverTotal > latency && serverTotal > 0 {
            let scale = Double(latency) / Double(serverTotal)
            func scaled<Key>(_ values: [Key: UInt64]) -> [Key: UInt64] {
                values.mapValues { UInt64((Double($0) * scale).rounded(.down)) }
            }
            byComponent = scaled(byComponent)
            untraced = scaled(untraced)
            bySpan = scaled(bySpan)
        }
        let assigned = byComponent.values.reduce(0, +)
        // A request known only by Milvus's root span (no client span) has no client+wire to measure.
        if request.spanID != nil || assigned < latency {
            byComponent[Attribution.clientAndWire] = latency - min(assigned, latency)
        }
        if request.queuedNanos > 0 { byComponent[Attribution.clientQueue] = request.queuedNanos }
        return Attribution(
            request: request, components: byComponent, untraced: untraced, untracedBySpan: bySpan,
            serverRoot: root, serverSpans: server)
    }

    /// Client spans of gRPC calls whose server side lives in another service: their own time is
    /// the hop between the two (network, the transport's queues, (de)serialisation).
    static func networkHops(_ spans: [Span]) -> [UInt64: String] {
        let byID = Dictionary(spans.map { ($0.spanID, $0) }, uniquingKeysWith: { first, _ in first })
        var hops: [UInt64: String] = [:]
        for span in spans {
            guard let parentID = span.parentSpanID, let parent = byID[parentID], parent.service != span.service else {
                continue
            }
            // otelgrpc marks the two sides client and server; both carry the method's name, which is
            // what tells them apart from other nesting when an exporter leaves the kinds out.
            let call =
                (parent.kind == .client && span.kind == .server) || (parent.name == span.name && parent.kind != .server)
            guard call else { continue }
            hops[parentID] = Attribution.networkPrefix + parent.service + "→" + span.service
        }
        return hops
    }
}
