public enum ScalarType: String, Sendable, Equatable, Codable, CaseIterable {
    case int64, float, varchar, bool
}

public struct ScalarField: Sendable, Equatable, Codable {
    public var name: String
    public var type: ScalarType
    /// For varchar fields.
    public var maxLength: Int
    /// Values are drawn uniformly from `0..<cardinality` (numbers) or that many distinct strings.
    public var cardinality: Int

    public init(name: String, type: ScalarType, maxLength: Int = 64, cardinality: Int = 100) {
        self.name = name
        self.type = type
        self.maxLength = maxLength
        self.cardinality = cardinality
    }
}
