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
        var catalog = SpanCatalog(map: map)
        let server = ServerTrace(trace[...], requestSpanID: request.spanID, clientService: clientService, catalog: &catalog)
        let names = catalog.names.indices.map { parentNames.contains(catalog.names[$0]) }
        var workspace = Workspace()
        return attribute(request, trace: server, catalog: &catalog, parentNames: names, workspace: &workspace)
    }

    /// Arrays reused from one request to the next.
    struct Workspace: Sendable {
        var path = CriticalPath.Workspace()
        var hops: [(spanID: UInt64, component: Int32)] = []
        var calls: [UInt64] = []
        var work: [(UInt64, UInt64)] = []
        var covering: [(UInt64, UInt64)] = []
    }

    /// The same over a trace already made nodes; `parentNames` by span name number.
    static func attribute(
        _ request: ClientRequest, trace: ServerTrace, catalog: inout SpanCatalog, parentNames: [Bool],
        workspace: inout Workspace
    ) -> Attribution? {
        let nodes = trace.nodes
        guard !nodes.isEmpty else { return nil }
        // The root: a child of the client span, else a span whose parent is not in the trace;
        // the longest, the first of equals.
        var root = -1
        if let clientSpan = request.spanID {
            for (i, node) in nodes.enumerated() where node.hasParent && node.parentID == clientSpan {
                if root < 0 || nodes[root].duration < node.duration { root = i }
            }
        }
        if root < 0 {
            for (i, node) in nodes.enumerated() where !node.hasParent || !node.parentInTrace {
                if root < 0 || nodes[root].duration < node.duration { root = i }
            }
        }
        guard root >= 0 else { return nil }

        networkHops(trace, catalog: &catalog, into: &workspace.hops)
        // The client side of a call whose server side is traced: its own time is the call's hop
        // (in-process gRPC in a standalone server), named by the pair, not a wait.
        workspace.calls.removeAll(keepingCapacity: true)
        for node in nodes where node.parent >= 0 {
            let parent = nodes[Int(node.parent)]
            if catalog.typeKind[Int(parent.type)] == .client
                && (catalog.typeKind[Int(node.type)] == .server
                    || catalog.typeName[Int(node.type)] == catalog.typeName[Int(parent.type)])
            {
                workspace.calls.append(node.parentID)
            }
        }
        // Work that spans measure: childless spans that are not known to hand work on.
        func handsWorkOn(_ node: ServerTrace.Node) -> Bool {
            let name = Int(catalog.typeName[Int(node.type)])
            return name < parentNames.count && parentNames[name]
        }
        workspace.work.removeAll(keepingCapacity: true)
        for node in nodes where !node.isParent && !handsWorkOn(node) {
            workspace.work.append((node.start, node.end))
        }
        CriticalPath.merge(&workspace.work)

        var parts: [Attribution.Part] = []
        func part(_ component: Int32) -> Int {
            if let i = parts.firstIndex(where: { $0.component == component }) { return i }
            parts.append(Attribution.Part(component: component, nanos: 0, untraced: 0))
            return parts.count - 1
        }
        var places: [(name: Int32, component: Int32, nanos: UInt64)] = []
        CriticalPath.sections(root: root, nodes: nodes, into: &workspace.path)
        for section in workspace.path.sections where section.nanos > 0 {
            let node = nodes[section.node]
            if let hop = workspace.hops.last(where: { $0.spanID == node.spanID }) {
                parts[part(hop.component)].nanos += section.nanos
                continue
            }
            let component = catalog.typeComponent[Int(node.type)]
            let slot = part(component)
            parts[slot].nanos += section.nanos
            guard section.hasChildren || handsWorkOn(node), !workspace.calls.contains(node.spanID) else { continue }
            // Its own time on the path, less what its children or any span's work covered.
            workspace.covering.removeAll(keepingCapacity: true)
            workspace.covering.append(contentsOf: workspace.work)
            for child in nodes where child.hasParent && child.parentID == node.spanID {
                workspace.covering.append((child.start, child.end))
            }
            CriticalPath.merge(&workspace.covering)
            var free: UInt64 = 0
            for interval in workspace.path.intervals[
                section.firstInterval..<section.firstInterval + section.intervalCount]
            {
                free += (interval.1 - interval.0) - CriticalPath.overlapLength(interval, workspace.covering)
            }
            if free > 0 {
                parts[slot].untraced += free
                let name = catalog.typeName[Int(node.type)]
                if let i = places.firstIndex(where: { $0.name == name && $0.component == component }) {
                    places[i].nanos += free
                } else {
                    places.append((name, component, free))
                }
            }
        }
        // The client span's latency: from the send. The wait before it is a component of its own.
        let latency = request.latencyNanos - request.queuedNanos
        let serverTotal = nodes[root].duration
        if serverTotal > latency && serverTotal > 0 {
            let scale = Double(latency) / Double(serverTotal)
            func scaled(_ value: UInt64) -> UInt64 { UInt64((Double(value) * scale).rounded(.down)) }
            for i in parts.indices {
                parts[i].nanos = scaled(parts[i].nanos)
                parts[i].untraced = scaled(parts[i].untraced)
            }
            for i in places.indices { places[i].nanos = scaled(places[i].nanos) }
        }
        let total = parts.reduce(0) { $0 + $1.nanos }
        // A request known only by Milvus's root span (no client span) has no client+wire to measure.
        if request.spanID != nil || total < latency {
            parts[part(SpanCatalog.clientAndWire)].nanos = latency - min(total, latency)
        }
        if request.queuedNanos > 0 { parts[part(SpanCatalog.clientQueue)].nanos = request.queuedNanos }
        return Attribution(
            request: request, componentNames: catalog.components, parts: parts, untracedPlaces: places, trace: trace,
            root: root)
    }

    /// Client spans of gRPC calls whose server side lives in another service: their own time is
    /// the hop between the two (network, the transport's queues, (de)serialisation), by the
    /// client span's id (the last such child decides its name).
    static func networkHops(
        _ trace: ServerTrace, catalog: inout SpanCatalog, into hops: inout [(spanID: UInt64, component: Int32)]
    ) {
        hops.removeAll(keepingCapacity: true)
        for node in trace.nodes where node.parent >= 0 {
            let parent = trace.nodes[Int(node.parent)]
            let parentType = Int(parent.type)
            let type = Int(node.type)
            guard catalog.typeService[parentType] != catalog.typeService[type] else { continue }
            // otelgrpc marks the two sides client and server; both carry the method's name, which is
            // what tells them apart from other nesting when an exporter leaves the kinds out.
            let parentKind = catalog.typeKind[parentType]
            let call =
                (parentKind == .client && catalog.typeKind[type] == .server)
                || (catalog.typeName[parentType] == catalog.typeName[type] && parentKind != .server)
            guard call else { continue }
            hops.append((node.parentID, catalog.hop(from: catalog.typeService[parentType], to: catalog.typeService[type])))
        }
    }
}
