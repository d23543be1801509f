import Scenario
import Traces

/// Which Milvus component a server span belongs to. Data, not code: an ordered list of rules,
/// first match wins, which a scenario can extend (its rules are tried before these).
package struct ComponentMap: Sendable, Equatable {
    package typealias Rule = ComponentRule

    package var rules: [Rule]
    /// For spans no rule matches (the built-in table ends with a rule that matches every span, so
    /// this serves only tables stored by older versions).
    package var fallback: String

    package init(rules: [Rule], fallback: String = "milvus-other") {
        self.rules = rules
        self.fallback = fallback
    }

    package func component(of span: Span) -> String {
        guard let rule = rules.first(where: { $0.matches(span) }) else { return fallback }
        switch rule.component {
        case Rule.servicePlaceholder: return span.service
        case Rule.scopePlaceholder: return span.scope
        default: return rule.component
        }
    }

    /// `extra` rules first, then these.
    package func extended(with extra: [Rule]) -> ComponentMap {
        ComponentMap(rules: extra + rules, fallback: fallback)
    }

    /// Every role a Milvus process can run as (`service.name` of its spans): in a cluster each pod
    /// runs one, and its spans belong to it whatever their names say.
    package static let clusterRoles = [
        "proxy", "querynode", "streamingnode", "datanode", "indexnode",
        "mixcoord", "rootcoord", "querycoord", "datacoord", "indexcoord", "streamingcoord",
    ]

    /// What Milvus 2.3–2.6 emits.
    ///
    /// - The C++ engine's spans (service `segcore`) are `segcore`, whichever process hosts it.
    /// - The client side of an internal gRPC call waits for its callee: it is named after the
    ///   callee's role (`milvus.proto.rootcoord.RootCoord/AllocTimestamp` → rootcoord), in any
    ///   process. (When the callee's server span lives in another service, attribution gives the
    ///   time between the two spans to a `net:A→B` component instead.)
    /// - In a cluster, a span belongs to its pod's role (`proxy`, `querynode`, `streamingnode`,
    ///   `mixcoord`, ...).
    /// - A standalone server runs every role in one process (`standalone`): its spans are told
    ///   apart by their tracer (Milvus names each after its role: the span's scope), else by
    ///   name, the names of 2.3 to 2.6.
    /// - Anything else belongs to its service, so no span ends in a catch-all.
    package static let milvusDefaults = ComponentMap(
        rules: segcore + grpcCallees(kind: .client)
            + clusterRoles.map {
                Rule(service: $0, component: Rule.servicePlaceholder)
            } + grpcCallees(kind: nil)
            + clusterRoles.map {
                Rule(scope: $0, component: Rule.scopePlaceholder)
            } + standaloneNames + [Rule(component: Rule.servicePlaceholder)])

    static let segcore = [
        Rule(service: "segcore", component: "segcore"),
        Rule(prefix: "SegCore", component: "segcore"),
    ]

    /// gRPC methods by the role that serves them.
    static func grpcCallees(kind: Rule.Kind?) -> [Rule] {
        [
            ("milvus.proto.rootcoord.", "rootcoord"),
            ("milvus.proto.query.QueryCoord/", "querycoord"),
            ("milvus.proto.query.QueryNode/", "querynode"),
            ("milvus.proto.data.DataCoord/", "datacoord"),
            ("milvus.proto.data.DataNode/", "datanode"),
            ("milvus.proto.index.", "indexnode"),
            ("milvus.proto.streaming.", "streamingnode"),
            ("milvus.proto.proxy.", "proxy"),
            ("milvus.proto.milvus.MilvusService/", "proxy"),
        ].map { Rule(prefix: $0.0, kind: kind, component: $0.1) }
    }

    /// Span names of a standalone Milvus, by the role whose code starts them.
    static let standaloneNames: [Rule] = [
        // Query node and shard delegator (2.3–2.6).
        Rule(prefix: "QueryNode", component: "querynode"),
        Rule(prefix: "Delegator", component: "querynode"),
        Rule(prefix: "ReduceSearchResult", component: "querynode"),
        Rule(prefix: "EncodeSearchResultData", component: "querynode"),
        Rule(prefix: "Segment", component: "querynode"),
        Rule(prefix: "segmentPrune", component: "querynode"),
        Rule(prefix: "LoadDeltalogs", component: "querynode"),
        Rule(prefix: "schedule", component: "querynode"),
        // Data node and data coordinator.
        Rule(prefix: "DataNode", component: "datanode"),
        Rule(suffix: "-Segment", component: "datacoord"),
        Rule(suffix: "-Segments", component: "datacoord"),
        // Proxy: request spans, task spans, the 2.5/2.6 search pipeline and the streaming WAL client.
        Rule(prefix: "Proxy", component: "proxy"),
        Rule(prefix: "SendMsg", component: "proxy"),
        Rule(prefix: "init search request", component: "proxy"),
        Rule(prefix: "reduceResults", component: "proxy"),
        Rule(prefix: "decodeSearchResults", component: "proxy"),
        Rule(prefix: "Insert-", component: "proxy"),
        Rule(prefix: "WALAccesser", component: "proxy"),
        Rule(suffix: "Operator", component: "proxy"),
        Rule(suffix: "Task", component: "proxy"),
    ]
}

extension ComponentRule {
    func matches(_ span: Span) -> Bool {
        if let service, span.service != service { return false }
        if let scope, span.scope != scope { return false }
        if let prefix, !span.name.hasPrefix(prefix) { return false }
        if let suffix, !span.name.hasSuffix(suffix) { return false }
        if let kind, kind != Kind(span.kind) { return false }
        return true
    }
}

extension ComponentRule.Kind {
    init?(_ kind: Span.Kind) {
        switch kind {
        case .client: self = .client
        case .server: self = .server
        case .internal: self = .internal
        case .producer: self = .producer
        case .consumer: self = .consumer
        case .unspecified: return nil
        }
    }
}
