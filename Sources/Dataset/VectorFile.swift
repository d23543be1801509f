import Foundation

/// A file of vectors (or of ground-truth ids), read a block of rows at a time so that a file
/// larger than memory still loads: only its header is read when it is opened.
package struct VectorFile: Sendable {
    package let path: String
    package let format: VectorFileFormat
    package let element: VectorElement
    package let rows: Int
    package let dimension: Int
    /// Where row 0 begins, and the bytes from one row to the next (TEXMEX rows carry their dimension).
    let dataOffset: Int
    let rowStride: Int
    let rowPrefix: Int

    package init(path: String) throws {
        guard let format = VectorFileFormat(path: path) else {
            throw DatasetError(path, "unknown format; expected .npy, .fvecs, .ivecs or .bvecs")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw DatasetError(path, "cannot open the file") }
        defer { try? handle.close() }
        let size = Int((try? handle.seekToEnd()) ?? 0)
        try? handle.seek(toOffset: 0)
        let head = [UInt8]((try? handle.read(upToCount: 65_536)) ?? Data())
        self.path = path
        self.format = format
        switch format {
        case .npy:
            let header = try NPYHeader.parse(head, file: path)
            element = header.element
            rows = header.rows
            dimension = header.columns
            dataOffset = header.dataOffset
            rowPrefix = 0
            rowStride = header.columns * header.element.bytes
            guard size >= dataOffset + rows * rowStride else {
                throw DatasetError(
                    path, "truncated: the header says \(rows) × \(dimension) values, the file holds fewer")
            }
        case .fvecs, .ivecs, .bvecs:
            element = format == .fvecs ? .float32 : format == .ivecs ? .int32 : .uint8
            guard head.count >= 4 else { throw DatasetError(path, "empty: no row in the file") }
            let dimension = Int(Int32(littleEndianBytes: head[0..<4]))
            guard dimension > 0 else { throw DatasetError(path, "row 0 has dimension \(dimension)") }
            self.dimension = dimension
            dataOffset = 0
            rowPrefix = 4
            rowStride = 4 + dimension * element.bytes
            guard size % rowStride == 0 else {
                throw DatasetError(
                    path, "\(size) bytes is not a whole number of rows of \(rowStride) bytes (dimension \(dimension))")
            }
            rows = size / rowStride
        }
    }

    /// Rows `range` as floats, row after row (`dimension` values each).
    package func floats(_ range: Range<Int>) throws -> [Float] {
        var result = [Float]()
        result.reserveCapacity(range.count * dimension)
        try read(range) { row in
            switch element {
            case .float32:
                row.withUnsafeBytes { bytes in
                    for i in 0..<dimension {
                        result.append(
                            Float(bitPattern: bytes.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self).littleEndian))
                    }
                }
            case .float64:
                row.withUnsafeBytes { bytes in
                    for i in 0..<dimension {
                        result.append(
                            Float(
                                Double(
                                    bitPattern: bytes.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self).littleEndian
                                )))
                    }
                }
            case .uint8: result.append(contentsOf: row.map(Float.init))
            case .int32, .int64:
                throw DatasetError(
                    path, "holds integers (\(element)); vectors must be floats (.npy float32/float64, .fvecs, .bvecs)")
            }
        }
        return result
    }

    /// Rows `range` as integers (ground-truth ids), row after row.
    package func integers(_ range: Range<Int>) throws -> [Int64] {
        var result = [Int64]()
        result.reserveCapacity(range.count * dimension)
        try read(range) { row in
            switch element {
            case .int32:
                row.withUnsafeBytes { bytes in
                    for i in 0..<dimension {
                        result.append(
                            Int64(
                                Int32(
                                    bitPattern: bytes.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self).littleEndian
                                )))
                    }
                }
            case .int64:
                row.withUnsafeBytes { bytes in
                    for i in 0..<dimension {
                        result.append(
                            Int64(bitPattern: bytes.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self).littleEndian))
                    }
                }
            case .uint8: result.append(contentsOf: row.map(Int64.init))
            case .float32, .float64:
                throw DatasetError(path, "holds floats; ground truth must be integer ids (.ivecs, or .npy int32/int64)")
            }
        }
        return result
    }

    /// Every row as integers: ground truth, one row of neighbour ids per query.
    package func integerRows() throws -> [[Int64]] {
        let flat = try integers(0..<rows)
        return (0..<rows).map { Array(flat[($0 * dimension)..<(($0 + 1) * dimension)]) }
    }

    /// Calls `body` with each row's values (without a TEXMEX row's dimension), reading blocks of
    /// at most 4 MiB.
    func read(_ range: Range<Int>, _ body: (ArraySlice<UInt8>) throws -> Void) throws {
        guard range.lowerBound >= 0, range.upperBound <= rows else {
            throw DatasetError(path, "rows \(range.lowerBound)..<\(range.upperBound) asked of \(rows)")
        }
        guard !range.isEmpty else { return }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw DatasetError(path, "cannot open the file") }
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(dataOffset + range.lowerBound * rowStride))
        let blockRows = max(1, (4 << 20) / rowStride)
        var row = range.lowerBound
        while row < range.upperBound {
            let count = min(blockRows, range.upperBound - row)
            let block = [UInt8](try handle.read(upToCount: count * rowStride) ?? Data())
            guard block.count == count * rowStride else { throw DatasetError(path, "truncated at row \(row)") }
            for i in 0..<count {
                let start = i * rowStride
                if rowPrefix > 0 {
                    let stated = Int(Int32(littleEndianBytes: block[start..<(start + 4)]))
                    guard stated == dimension else {
                        throw DatasetError(path, "row \(row + i) has dimension \(stated), row 0 has \(dimension)")
                    }
                }
                try body(block[(start + rowPrefix)..<(start + rowStride)])
            }
            row += count
        }
    }
}

extension Int32 {
    init(littleEndianBytes bytes: ArraySlice<UInt8>) {
        self = Int32(bitPattern: bytes.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
    }
}
