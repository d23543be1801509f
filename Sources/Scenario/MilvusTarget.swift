/// Where the Milvus under test is.
package enum MilvusTarget: Sendable, Equatable, Codable {
    /// The PyPI Milvus 2.3.5 from `.venv`, started and stopped by traceload.
    case embedded(EmbeddedOptions)
    /// A Milvus someone else runs.
    case external(ExternalMilvus)

    package var requestTimeoutSeconds: Double {
        switch self {
        case .embedded(let options): options.requestTimeoutSeconds
        case .external(let external): external.requestTimeoutSeconds
        }
    }
}
