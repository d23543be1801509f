package enum ScalarType: String, Sendable, Equatable, Codable, CaseIterable {
    case int64, float, varchar, bool
}

package struct ScalarField: Sendable, Equatable, Codable {
    package var name: String
    package var type: ScalarType
    /// For varchar fields.
    package var maxLength: Int
    /// Values are drawn uniformly from `0..<cardinality` (numbers) or that many distinct strings.
    package var cardinality: Int

    package init(name: String, type: ScalarType, maxLength: Int = 64, cardinality: Int = 100) {
        self.name = name
        self.type = type
        self.maxLength = maxLength
        self.cardinality = cardinality
    }
}
