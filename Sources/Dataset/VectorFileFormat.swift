/// The file formats vectors, queries and ground truth come in: NumPy's `.npy` (a 2-D array) and
/// the TEXMEX formats of the SIFT/GIST corpora (`.fvecs` float32, `.ivecs` int32, `.bvecs` uint8;
/// every row is a little-endian int32 dimension followed by its values).
package enum VectorFileFormat: String, Sendable, CaseIterable {
    case npy, fvecs, ivecs, bvecs

    /// From the file's extension; nil for any other.
    package init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        self.init(rawValue: path[path.index(after: dot)...].lowercased())
    }
}

/// How one value of a row is stored.
package enum VectorElement: Sendable, Equatable {
    case float32, float64, uint8, int32, int64

    package var bytes: Int {
        switch self {
        case .uint8: 1
        case .float32, .int32: 4
        case .float64, .int64: 8
        }
    }

    package var isInteger: Bool { self == .int32 || self == .int64 || self == .uint8 }
}
