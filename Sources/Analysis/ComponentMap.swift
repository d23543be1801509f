import Traces

/// Which Milvus component a server span belongs to. Data, not code: an ordered list of rules,
/// first match wins, which a scenario can extend (its rules are tried before these).
public struct ComponentMap: Sendable, Codable, Equatable {
    public struct Rule: Sendable, Codable, Equatable {
        public var service: String?
        public var prefix: String?
        public var suffix: String?
        public var component: String

        public init(service: String? = nil, prefix: String? = nil, suffix: String? = nil, component: String) {
            self.service = service
            self.prefix = prefix
            self.suffix = suffix
            self.component = component
        }

        func matches(_ span: Span) -> Bool {
            if let service, span.service != service { return false }
            if let prefix, !span.name.hasPrefix(prefix) { return false }
            if let suffix, !span.name.hasSuffix(suffix) { return false }
            return true
        }
    }

    public var rules: [Rule]
    /// For spans no rule matches.
    public var fallback: String

    public init(rules: [Rule], fallback: String = "milvus-other") {
        self.rules = rules
        self.fallback = fallback
    }

    public func component(of span: Span) -> String {
        rules.first { $0.matches(span) }?.component ?? fallback
    }

    /// `extra` rules first, then these.
    public func extended(with extra: [Rule]) -> ComponentMap {
        ComponentMap(rules: extra + rules, fallback: fallback)
    }

    /// What Milvus 2.3–2.5 emits: service `segcore` for the C++ engine; gRPC services by package;
    /// the proxy's task spans by name. Internal gRPC hops appear on both sides of the call with
    /// the same name and are attributed to the callee.
    public static let milvusDefaults = ComponentMap(rules: [
        Rule(service: "segcore", component: "segcore"),
        Rule(prefix: "SegCore", component: "segcore"),
        Rule(prefix: "milvus.proto.rootcoord.", component: "rootcoord"),
        Rule(prefix: "milvus.proto.query.QueryCoord/", component: "querycoord"),
        Rule(prefix: "milvus.proto.query.QueryNode/", component: "querynode"),
        Rule(prefix: "QueryNode", component: "querynode"),
        Rule(prefix: "Delegator", component: "querynode"),
        Rule(prefix: "ReduceSearchResults", component: "querynode"),
        Rule(prefix: "Segment", component: "querynode"),
        Rule(prefix: "milvus.proto.data.DataCoord/", component: "datacoord"),
        Rule(prefix: "milvus.proto.data.DataNode/", component: "datanode"),
        Rule(prefix: "DataNode", component: "datanode"),
        Rule(prefix: "milvus.proto.index.", component: "indexnode"),
        Rule(prefix: "milvus.proto.proxy.", component: "proxy"),
        Rule(prefix: "milvus.proto.milvus.MilvusService/", component: "proxy"),
        Rule(prefix: "Proxy", component: "proxy"),
        Rule(prefix: "SendMsg", component: "proxy"),
        Rule(suffix: "Task", component: "proxy"),
    ])
}
