/// A figure as a round record keys it: a round's whole (`throughput_per_s`) or one operation's
/// (`search.p50_ms`, `OPERATION.NAME`). The engine writes these keys and the statistics read
/// them back, so both build them from `FigureName` rather than spell them.
///
/// A key read from a file may name a figure this traceload does not know (`name` is nil then):
/// the file still loads and the figure is shown under its key, as before.
package struct FigureKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// As run.json writes it.
    package let rawValue: String

    /// A key as a file holds it, known or not. Sources build keys from `FigureName` instead.
    package init(rawValue: String) { self.rawValue = rawValue }

    /// A round's whole figure: `throughput_per_s`.
    package init(_ name: FigureName) { rawValue = name.rawValue }

    /// One operation's figure: `search.p50_ms`.
    package init(_ operation: String, _ name: FigureName) { rawValue = "\(operation).\(name.rawValue)" }

    package init(_ operation: OperationKind, _ name: FigureName) { self.init(operation.rawValue, name) }

    package static let throughput = FigureKey(.throughput)
    package static let errorRate = FigureKey(.errorRate)
    package static let clientCPU = FigureKey(.clientCPU)
    package static let clientWork = FigureKey(.clientWork)
    package static let serverWork = FigureKey(.serverWork)
    package static let serverCPU = FigureKey(.serverCPU)
    package static let serverMemory = FigureKey(.serverMemory)
    package static let spansPerSecond = FigureKey(.spansPerSecond)
    package static let spansDropped = FigureKey(.spansDropped)

    /// The operation of an operation's figure (before the first dot); nil for a round's whole.
    package var operation: String? {
        rawValue.firstIndex(of: ".").map { String(rawValue[..<$0]) }
    }

    /// The figure's name (after the operation's dot); nil when this traceload does not know it.
    package var name: FigureName? {
        FigureName(
            rawValue: rawValue.firstIndex(of: ".").map { String(rawValue[rawValue.index(after: $0)...]) } ?? rawValue)
    }

    /// By the key's text, so that figures list in the order they always have.
    package static func < (lhs: FigureKey, rhs: FigureKey) -> Bool { lhs.rawValue < rhs.rawValue }

    package var description: String { rawValue }
}

/// A key is its text in JSON, as a value and as a dictionary's key (`"values": {"throughput_per_s": ...}`).
extension FigureKey: Codable, CodingKeyRepresentable {
    package init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    package var codingKey: any CodingKey { Key(stringValue: rawValue) }

    package init?<T: CodingKey>(codingKey: T) { self.init(rawValue: codingKey.stringValue) }
}
