import Foundation

/// The header of a `.npy` file (format versions 1 to 3): the element type, the shape and where
/// the data begins. Only what traceload reads is accepted: little-endian 2-D C-ordered arrays of
/// float32/float64 (vectors) or int32/int64/uint8 (ids, bytes).
struct NPYHeader: Equatable {
    var element: VectorElement
    var rows: Int
    var columns: Int
    var dataOffset: Int

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY

    /// `prefix`: the file's first bytes (at least the header's; 64 KiB is plenty).
    static func parse(_ prefix: [UInt8], file: String) throws -> NPYHeader {
        guard prefix.count >= 10, Array(prefix[0..<6]) == magic else {
            throw DatasetError(file, "not a .npy file (no \\x93NUMPY magic)")
        }
        let major = prefix[6]
        let lengthBytes = major == 1 ? 2 : 4
        guard (1...3).contains(major), prefix.count >= 8 + lengthBytes else {
            throw DatasetError(file, ".npy format version \(major) is not supported (1 to 3 are)")
        }
        let length = prefix[8..<(8 + lengthBytes)].reversed().reduce(0) { $0 << 8 | Int($1) }
        let start = 8 + lengthBytes
        guard prefix.count >= start + length else { throw DatasetError(file, ".npy header longer than the file") }
        let text = String(decoding: prefix[start..<(start + length)], as: UTF8.self)
        guard let descr = value(of: "descr", in: text)?.trimmingCharacters(in: ["'", "\""]),
            let order = value(of: "fortran_order", in: text),
            let shapeText = value(of: "shape", in: text)
        else { throw DatasetError(file, "unreadable .npy header: \(text)") }
        guard order == "False" else {
            throw DatasetError(file, "Fortran-ordered arrays are not supported; save with order='C'")
        }
        let element: VectorElement
        switch descr {
        case "<f4": element = .float32
        case "<f8": element = .float64
        case "<i4": element = .int32
        case "<i8": element = .int64
        case "|u1", "<u1": element = .uint8
        default:
            throw DatasetError(
                file,
                "element type \(descr) is not supported; expected float32/float64 vectors (<f4, <f8) or integer ids (<i4, <i8)"
            )
        }
        let shape = shapeText.trimmingCharacters(in: ["(", ")"]).split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.compactMap { Int($0) }
        guard shape.count == 2 else {
            throw DatasetError(file, "expected a 2-D array (rows, dimension), found shape \(shapeText)")
        }
        return NPYHeader(element: element, rows: shape[0], columns: shape[1], dataOffset: start + length)
    }

    /// The text after `'key':` up to the next top-level comma (a tuple counts as one value).
    static func value(of key: String, in header: String) -> String? {
        guard let keyRange = header.range(of: "'\(key)':") else { return nil }
        var depth = 0
        var result = ""
        for character in header[keyRange.upperBound...] {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if depth == 0 && (character == "," || character == "}") { break }
            result.append(character)
            if depth < 0 { break }
        }
        return result.trimmingCharacters(in: .whitespaces)
    }
}
