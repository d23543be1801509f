import Scenario

/// The values traceload's preload gave each row of a dataset's collection: its primary key is
/// its row number, its scalar fields' values are drawn from the dataset's seed batch by batch,
/// so they can be drawn again exactly, without asking Milvus. What a filter selects among them
/// is what the filtered ground truth is computed over.
package struct PreloadedRows: Sendable {
    package let rows: Int
    let values: [String: [FilterExpression.Value]]

    package init(collection: CollectionSpec, dataset: DatasetSpec) {
        rows = dataset.preloadRows
        var factory = RequestFactory(collection: collection, dataset: dataset, stream: 0)
        var values: [String: [FilterExpression.Value]] = [:]
        var done = 0
        // As CollectionSetup inserts them: a batch at a time, each field's column in order.
        while done < rows {
            let batch = min(dataset.preloadBatch, rows - done)
            for field in collection.fields {
                let column = factory.scalarColumn(field, rows: batch)
                let converted: [FilterExpression.Value] =
                    switch field.type {
                    case .int64: column.scalars.longData.data.map { .integer($0) }
                    case .float: column.scalars.floatData.data.map { .number(Double($0)) }
                    case .bool: column.scalars.boolData.data.map { .boolean($0) }
                    case .varchar: column.scalars.stringData.data.map { .text($0) }
                    }
                values[field.name, default: []] += converted
            }
            done += batch
        }
        self.values = values
    }

    /// Per row, whether `filter` selects it.
    package func selected(by filter: FilterExpression) -> [Bool] {
        (0..<rows).map { row in
            filter.matches { field in
                field == "id" ? .integer(Int64(row)) : values[field].flatMap { row < $0.count ? $0[row] : nil }
            }
        }
    }
}
