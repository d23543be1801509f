package enum IndexType: String, Sendable, Equatable, Codable, CaseIterable {
    case hnsw = "HNSW"
    case ivfFlat = "IVF_FLAT"
    case flat = "FLAT"
    case autoIndex = "AUTOINDEX"
}

package struct IndexSpec: Sendable, Equatable, Codable {
    package var type: IndexType
    /// Passed to Milvus as the index's `params` (e.g. `M`, `efConstruction`, `nlist`).
    package var params: [String: String]

    package init(type: IndexType, params: [String: String] = [:]) {
        self.type = type
        self.params = params
    }
}
