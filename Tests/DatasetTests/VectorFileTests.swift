import Foundation
import Testing

@testable import Dataset

/// The formats real datasets come in, written here byte by byte as NumPy and the TEXMEX corpora
/// write them, and read back.
@Suite struct VectorFileTests {
    let dir: String = {
        let dir = NSTemporaryDirectory() + "traceload-vectors-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = dir + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }

    /// NumPy 1.x's `np.save` of a (3, 2) float64 array, and of an int64 one, read as floats and ids.
    @Test func npyOfFloat64AndInt64() throws {
        func npy(_ descr: String, _ payload: [UInt8]) -> [UInt8] {
            var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (3, 2), }"
            header += String(repeating: " ", count: 64 - (10 + header.utf8.count + 1) % 64) + "\n"
            return [0x93] + Array("NUMPY".utf8) + [1, 0] + le(UInt16(header.utf8.count)) + Array(header.utf8) + payload
        }
        let doubles: [Double] = [0.5, -1, 2, 3.25, 4, 5]
        let floats = try VectorFile(path: try write("a.npy", npy("<f8", doubles.flatMap { le($0.bitPattern) })))
        #expect(floats.rows == 3 && floats.dimension == 2 && floats.element == .float64)
        #expect(try floats.floats(1..<3) == [2, 3.25, 4, 5])
        let ids = try VectorFile(
            path: try write("ids.npy", npy("<i8", [7, 8, 9, 10, 11, 12].flatMap { le(Int64($0)) })))
        #expect(try ids.integers(0..<3) == [7, 8, 9, 10, 11, 12])
        #expect(throws: DatasetError.self) { try ids.floats(0..<1) }
    }

    @Test func texmexFormats() throws {
        let fvecs = try write(
            "b.fvecs", (0..<4).flatMap { row in le(Int32(3)) + (0..<3).flatMap { le(Float(row * 3 + $0).bitPattern) } })
        let file = try VectorFile(path: fvecs)
        #expect(file.rows == 4 && file.dimension == 3)
        #expect(try file.floats(3..<4) == [9, 10, 11])
        let ivecs = try write(
            "c.ivecs", le(Int32(2)) + le(Int32(5)) + le(Int32(6)) + le(Int32(2)) + le(Int32(1)) + le(Int32(0)))
        #expect(try VectorFile(path: ivecs).integers(0..<2) == [5, 6, 1, 0])
        let bvecs = try write("d.bvecs", le(Int32(2)) + [200, 3])
        #expect(try VectorFile(path: bvecs).floats(0..<1) == [200, 3])
    }

    /// Files that are not what they claim say so, with the file's name.
    @Test func damagedFilesAreRefusedWithTheirName() throws {
        let ragged = try write(
            "e.fvecs",
            le(Int32(2)) + le(Float(1).bitPattern) + le(Float(2).bitPattern) + le(Int32(3)) + le(Float(1).bitPattern)
                + le(Float(2).bitPattern))
        let file = try VectorFile(path: ragged)
        do {
            _ = try file.floats(0..<2)
            Issue.record("a row of another dimension was read")
        } catch let error as DatasetError {
            #expect(error.description == "\(ragged): row 1 has dimension 3, row 0 has 2")
        }
        #expect(throws: DatasetError.self) { try VectorFile(path: try write("f.fvecs", le(Int32(4)) + [1, 2, 3])) }
        #expect(throws: DatasetError.self) { try VectorFile(path: try write("g.npy", Array("not numpy at all".utf8))) }
        #expect(throws: DatasetError.self) { try VectorFile(path: dir + "/missing.fvecs") }
        #expect(throws: DatasetError.self) { try VectorFile(path: try write("h.csv", [1, 2])) }
    }

    @Test func writtenFilesReadBack() throws {
        let values: [Float] = (0..<300).map { Float($0) / 7 }
        try VectorFileWriter.npy(values, dimension: 3, to: dir + "/w.npy")
        let npy = try VectorFile(path: dir + "/w.npy")
        #expect(npy.rows == 100 && npy.dimension == 3 && npy.dataOffset % 64 == 0)
        #expect(try npy.floats(0..<100) == values)
        try VectorFileWriter.ivecs([[1, 2], [3, 4]], to: dir + "/w.ivecs")
        #expect(try VectorFile(path: dir + "/w.ivecs").integers(0..<2) == [1, 2, 3, 4])
    }

    /// A file is read in blocks: a large one comes back whole and in order.
    @Test func largeFilesAreReadInBlocks() throws {
        let dimension = 256
        let rows = 9_000  // 9 MiB of float32: three blocks of at most 4 MiB
        let values = (0..<(rows * dimension)).map { Float($0 % 1_000) }
        try VectorFileWriter.npy(values, dimension: dimension, to: dir + "/big.npy")
        let file = try VectorFile(path: dir + "/big.npy")
        #expect(try file.floats(0..<rows) == values)
        #expect(try file.floats(8_999..<9_000) == Array(values[(8_999 * dimension)...]))
    }
}
