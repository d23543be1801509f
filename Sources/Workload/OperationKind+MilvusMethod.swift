import Scenario

extension OperationKind {
    /// The `milvus.proto.milvus.MilvusService` method an operation calls (the client span's name).
    package var milvusMethod: String {
        switch self {
        case .search: "Search"
        case .insert: "Insert"
        case .query: "Query"
        }
    }
}
