import Dataset
import Foundation
import Yams

extension ScenarioReader {
    func readDataset(_ node: Node?) -> DatasetSpec {
        guard let node, let reader = MappingReader(node, path: "dataset", diagnostics: diagnostics) else {
            return DatasetSpec()
        }
        defer { reader.finish() }
        let seed = UInt64(reader.int("seed", default: 42, in: 0...Int.max))
        let vectors = readFile(reader, "vectors", integers: false)
        let queries = readFile(reader, "queries", integers: false)
        let truth = readFile(reader, "groundTruth", integers: true)
        if vectors == nil, reader.has("queries") || reader.has("groundTruth") {
            diagnostics.report(
                reader.value(reader.has("queries") ? "queries" : "groundTruth"), "dataset.vectors",
                "queries and ground truth need dataset.vectors: the vectors their neighbours are rows of")
        }
        let allRows = vectors?.rows ?? 0
        let preload = reader.int("preload", default: vectors == nil ? 0 : allRows, in: 0...100_000_000)
        if let vectors, preload > vectors.rows {
            diagnostics.report(
                reader.value("preload"), "dataset.preload",
                "\(vectors.path) holds \(vectors.rows) vectors; preload at most that many")
        }
        if let truth, let queries, truth.rows != queries.rows {
            diagnostics.report(
                reader.value("groundTruth"), "dataset.groundTruth",
                "\(truth.rows) rows of ground truth for \(queries.rows) queries; expected one row per query")
        }
        if truth != nil, let vectors, preload < vectors.rows {
            diagnostics.report(
                reader.value("preload"), "dataset.preload",
                "the ground truth is over all \(vectors.rows) vectors; preload them all, or leave groundTruth out to have it computed over the \(preload) preloaded"
            )
        }
        return DatasetSpec(
            seed: seed,
            distribution: reader.choice("distribution", default: Distribution.uniform),
            preloadRows: preload,
            preloadBatch: reader.int("preloadBatch", default: 1000, in: 1...100_000),
            vectors: vectors?.path, queries: queries?.path, groundTruth: truth?.path
        )
    }

    /// A vector file named relative to the scenario's folder, its header read (the data is read
    /// when the run starts); nil, with the reason reported, when it cannot be used.
    func readFile(_ reader: MappingReader, _ key: String, integers: Bool) -> VectorFile? {
        guard let name = reader.string(key) else { return nil }
        let path =
            name.hasPrefix("/")
            ? name : URL(fileURLWithPath: directory).appendingPathComponent(name).standardizedFileURL.path
        do {
            let file = try VectorFile(path: path)
            if file.element.isInteger != integers && !(file.element == .uint8 && !integers) {
                diagnostics.report(
                    reader.value(key), reader.field(key),
                    integers
                        ? "expected integer ids (.ivecs, or an int32/int64 .npy), found \(file.element) values in \(path)"
                        : "expected vectors (.fvecs, .bvecs, or a float32/float64 .npy), found \(file.element) values in \(path)"
                )
                return nil
            }
            return file
        } catch let error as DatasetError {
            diagnostics.report(reader.value(key), reader.field(key), error.description)
        } catch {
            diagnostics.report(reader.value(key), reader.field(key), "\(path): \(error)")
        }
        return nil
    }

    /// The files' dimensions against the collection's.
    func checkDataset(_ dataset: DatasetSpec, node: Node?, collection: CollectionSpec) {
        guard let node else { return }
        for key in ["vectors", "queries"] {
            guard let path = key == "vectors" ? dataset.vectors : dataset.queries,
                let file = try? VectorFile(path: path),
                file.dimension != collection.dim
            else { continue }
            diagnostics.report(
                node[key], "dataset.\(key)",
                "\(path) has vectors of dimension \(file.dimension); the collection's dim is \(collection.dim)")
        }
    }
}
