import Dataset
import Foundation
import MilvusClient
import MilvusProto
import Scenario

/// Builds the Milvus requests a scenario sends. Workloads draw from pools built before the phase
/// starts, so the hot path reuses immutable messages instead of generating vectors per request.
package struct RequestFactory: Sendable {
    package let collection: CollectionSpec
    var source: VectorSource
    /// The scenario's vector files, when it names them: inserts carry explicit ids, searches its queries.
    package let dataset: LoadedDataset?
    /// Ids of rows inserted by phases into a dataset's collection (the preload's are its row numbers):
    /// far above any row number, one range per stream.
    var nextID: Int64

    package init(collection: CollectionSpec, dataset: DatasetSpec, stream: UInt64 = 0, loaded: LoadedDataset? = nil) {
        self.collection = collection
        self.dataset = loaded
        nextID = Int64(1) << 40 | Int64(stream & 0xFF) << 32
        // Each stream (preload, each phase) gets its own sequence from the same seed.
        source = VectorSource(
            dim: collection.dim, distribution: dataset.distribution, seed: dataset.seed &+ stream &* 0x9E37_79B9)
    }

    /// The requests of phase `index` in round `round`: each round draws other requests, and the
    /// same ones on every rerun (a comparison's blocks, a `--repeat`ed run's rounds).
    package init(
        collection: CollectionSpec, dataset: DatasetSpec, phase index: Int, round: Int, loaded: LoadedDataset? = nil
    ) {
        self.init(
            collection: collection, dataset: dataset, stream: UInt64(index + 1) &+ UInt64(round) &* 1_000,
            loaded: loaded)
    }

    package var schema: CollectionSchema {
        CollectionSchema(
            name: collection.name, dim: collection.dim, shards: collection.shards,
            scalarFields: collection.fields.map { field in
                let type: CollectionSchema.FieldType =
                    switch field.type {
                    case .int64: .int64
                    case .float: .float
                    case .bool: .bool
                    case .varchar: .varchar(maxLength: field.maxLength)
                    }
                return (field.name, type)
            }, autoID: dataset == nil)
    }

    // MARK: insert

    /// Rows of generated vectors (with ids when the collection has a dataset's explicit ids).
    package mutating func insert(rows: Int) -> Milvus_Proto_Milvus_InsertRequest {
        var ids: [Int64]?
        if dataset != nil {
            ids = (0..<Int64(rows)).map { nextID + $0 }
            nextID += Int64(rows)
        }
        return insert(vectors: source.vectors(rows), ids: ids)
    }

    /// Rows `range` of the dataset's vectors file, each with its row number as primary key.
    package mutating func insert(datasetRows range: Range<Int>) throws -> Milvus_Proto_Milvus_InsertRequest {
        guard let dataset else { return insert(rows: range.count) }
        return insert(vectors: try dataset.vectors.floats(range), ids: range.map(Int64.init))
    }

    mutating func insert(vectors data: [Float], ids: [Int64]?) -> Milvus_Proto_Milvus_InsertRequest {
        let rows = data.count / collection.dim
        var request = Milvus_Proto_Milvus_InsertRequest()
        request.collectionName = collection.name
        request.numRows = UInt32(rows)
        var vectors = Milvus_Proto_Schema_FieldData()
        vectors.type = .floatVector
        vectors.fieldName = CollectionSchema.vectorField
        vectors.vectors.dim = Int64(collection.dim)
        vectors.vectors.floatVector.data = data
        request.fieldsData = [vectors]
        if let ids {
            var primary = Milvus_Proto_Schema_FieldData()
            primary.type = .int64
            primary.fieldName = CollectionSchema.primaryField
            primary.scalars.longData.data = ids
            request.fieldsData.append(primary)
        }
        for field in collection.fields {
            request.fieldsData.append(scalarColumn(field, rows: rows))
        }
        return request
    }

    mutating func scalarColumn(_ field: ScalarField, rows: Int) -> Milvus_Proto_Schema_FieldData {
        var data = Milvus_Proto_Schema_FieldData()
        data.fieldName = field.name
        let draws = (0..<rows).map { _ in source.nextInt(below: field.cardinality) }
        switch field.type {
        case .int64:
            data.type = .int64
            data.scalars.longData.data = draws.map(Int64.init)
        case .float:
            data.type = .float
            data.scalars.floatData.data = draws.map(Float.init)
        case .bool:
            data.type = .bool
            data.scalars.boolData.data = draws.map { $0 % 2 == 0 }
        case .varchar:
            data.type = .varChar
            data.scalars.stringData.data = draws.map { String("v\($0)".prefix(field.maxLength)) }
        }
        return data
    }

    // MARK: search

    /// A search for `spec.nq` vectors: generated ones, or with a dataset its queries from `firstQuery` on
    /// (wrapping around).
    package mutating func search(_ spec: SearchSpec, firstQuery: Int = 0) -> Milvus_Proto_Milvus_SearchRequest {
        var request = Milvus_Proto_Milvus_SearchRequest()
        request.collectionName = collection.name
        request.nq = Int64(spec.nq)
        request.dslType = .boolExprV1
        request.dsl = spec.filter ?? ""
        request.outputFields = spec.outputFields
        request.useDefaultConsistency = true
        var params = defaultSearchParams(spec)
        params.merge(spec.params) { _, scenario in scenario }
        request.searchParams = [
            ("anns_field", CollectionSchema.vectorField),
            ("topk", String(spec.topk)),
            ("metric_type", collection.metric.rawValue),
            ("round_decimal", "-1"),
            ("offset", "0"),
            ("params", milvusParamsJSON(params)),
        ].map { keyValue($0.0, $0.1) }

        let flat: [Float]
        if let queries = dataset?.queries {
            let dim = collection.dim
            flat = (0..<spec.nq).flatMap { q in
                let row = (firstQuery + q) % queries.count
                return queries.vectors[(row * dim)..<((row + 1) * dim)]
            }
        } else {
            flat = source.vectors(spec.nq)
        }
        var placeholder = Milvus_Proto_Common_PlaceholderValue()
        placeholder.tag = "$0"
        placeholder.type = .floatVector
        placeholder.values = (0..<spec.nq).map { q in
            flat[(q * collection.dim)..<((q + 1) * collection.dim)].withUnsafeBytes { Data($0) }
        }
        var group = Milvus_Proto_Common_PlaceholderGroup()
        group.placeholders = [placeholder]
        request.placeholderGroup = (try? group.serializedData()) ?? Data()
        return request
    }

    /// Search params Milvus needs for the index type when the scenario names none.
    func defaultSearchParams(_ spec: SearchSpec) -> [String: String] {
        switch collection.index.type {
        case .hnsw: ["ef": String(max(64, spec.topk))]
        case .ivfFlat: ["nprobe": "16"]
        case .flat, .autoIndex: [:]
        }
    }

    // MARK: query

    package func query(_ spec: QuerySpec) -> Milvus_Proto_Milvus_QueryRequest {
        var request = Milvus_Proto_Milvus_QueryRequest()
        request.collectionName = collection.name
        request.expr = spec.filter
        request.outputFields = spec.outputFields
        request.useDefaultConsistency = true
        request.queryParams = [keyValue("limit", String(spec.limit))]
        return request
    }

    /// Index params with the usual defaults filled in.
    package var indexParams: [String: String] {
        var params: [String: String] =
            switch collection.index.type {
            case .hnsw: ["M": "16", "efConstruction": "200"]
            case .ivfFlat: ["nlist": "128"]
            case .flat, .autoIndex: [:]
            }
        params.merge(collection.index.params) { _, scenario in scenario }
        return params
    }
}
