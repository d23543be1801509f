import MilvusProto

/// The collection traceload creates: an INT64 primary key `id` (assigned by Milvus, or by
/// traceload when `autoID` is false: a dataset's row numbers), a float vector `vector`, and the
/// scenario's optional scalar fields.
package struct CollectionSchema: Sendable {
    package enum FieldType: Sendable {
        case int64, float
        case varchar(maxLength: Int)
        case bool
    }

    package var name: String
    package var dim: Int
    package var shards: Int
    package var scalarFields: [(name: String, type: FieldType)]
    package var autoID: Bool

    package init(
        name: String, dim: Int, shards: Int = 1, scalarFields: [(name: String, type: FieldType)] = [],
        autoID: Bool = true
    ) {
        self.autoID = autoID
        self.name = name
        self.dim = dim
        self.shards = shards
        self.scalarFields = scalarFields
    }

    package static let primaryField = "id"
    package static let vectorField = "vector"

    var proto: Milvus_Proto_Schema_CollectionSchema {
        var schema = Milvus_Proto_Schema_CollectionSchema()
        schema.name = name
        schema.autoID = autoID
        var id = Milvus_Proto_Schema_FieldSchema()
        id.name = Self.primaryField
        id.dataType = .int64
        id.isPrimaryKey = true
        id.autoID = autoID
        var vector = Milvus_Proto_Schema_FieldSchema()
        vector.name = Self.vectorField
        vector.dataType = .floatVector
        vector.typeParams = [keyValue("dim", String(dim))]
        schema.fields = [id, vector]
        for (name, type) in scalarFields {
            var field = Milvus_Proto_Schema_FieldSchema()
            field.name = name
            switch type {
            case .int64: field.dataType = .int64
            case .float: field.dataType = .float
            case .bool: field.dataType = .bool
            case .varchar(let maxLength):
                field.dataType = .varChar
                field.typeParams = [keyValue("max_length", String(maxLength))]
            }
            schema.fields.append(field)
        }
        return schema
    }
}
