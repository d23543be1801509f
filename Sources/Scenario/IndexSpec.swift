public enum IndexType: String, Sendable, Equatable, Codable, CaseIterable {
    case hnsw = "HNSW"
    case ivfFlat = "IVF_FLAT"
    case flat = "FLAT"
    case autoIndex = "AUTOINDEX"
}

public struct IndexSpec: Sendable, Equatable, Codable {
    public var type: IndexType
    /// Passed to Milvus as the index's `params` (e.g. `M`, `efConstruction`, `nlist`).
    public var params: [String: String]

    public init(type: IndexType, params: [String: String] = [:]) {
        self.type = type
        self.params = params
    }
}
