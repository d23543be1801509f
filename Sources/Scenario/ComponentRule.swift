/// One line of the span → component table: spans that match every field given belong to
/// `component`. The table is data (the built-in one for Milvus, and a scenario's own rules tried
/// first), so a new Milvus version or a plugin needs no code.
package struct ComponentRule: Sendable, Equatable, Codable {
    /// Span kinds as OTLP names them.
    package enum Kind: String, Sendable, Codable, CaseIterable {
        case client, server, `internal`, producer, consumer
    }

    /// The span's service (`service.name` of its resource): a Milvus pod's role, or `standalone`.
    package var service: String?
    /// The span's instrumentation scope (its tracer's name; Milvus names tracers after roles).
    package var scope: String?
    package var prefix: String?
    package var suffix: String?
    package var kind: Kind?
    /// The component's name; `{service}` stands for the span's service, `{scope}` for its scope.
    package var component: String

    package static let servicePlaceholder = "{service}"
    package static let scopePlaceholder = "{scope}"

    package init(
        service: String? = nil, scope: String? = nil, prefix: String? = nil, suffix: String? = nil, kind: Kind? = nil,
        component: String
    ) {
        self.service = service
        self.scope = scope
        self.prefix = prefix
        self.suffix = suffix
        self.kind = kind
        self.component = component
    }
}
