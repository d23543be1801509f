import Foundation

/// Writes the formats `VectorFile` reads: `.ivecs` for ground truth (the cache traceload keeps
/// beside the queries) and float32 `.npy` for vectors. Each file goes to a temporary name and is
/// renamed into place, so a reader never sees half of one.
package enum VectorFileWriter {
    /// Rows of ids (each row its own length) as `.ivecs`.
    package static func ivecs(_ rows: [[Int64]], to path: String) throws {
        var data = Data()
        for row in rows {
            for value in [Int64(row.count)] + row {
                withUnsafeBytes(of: Int32(truncatingIfNeeded: value).littleEndian) { data.append(contentsOf: $0) }
            }
        }
        try write(data, to: path)
    }

    /// `values.count / dimension` rows of float32 as a version 1.0 `.npy` (NumPy's own layout:
    /// the header padded with spaces so that the data starts on a 64-byte boundary).
    package static func npy(_ values: [Float], dimension: Int, to path: String) throws {
        let rows = values.count / dimension
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(dimension)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data(NPYHeader.magic + [1, 0])
        withUnsafeBytes(of: UInt16(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header.utf8)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        try write(data, to: path)
    }

    static func write(_ data: Data, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw DatasetError(path, "cannot write: \(error.localizedDescription)")
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw DatasetError(path, "cannot write (rename failed)")
        }
    }
}
