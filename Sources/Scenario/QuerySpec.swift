public struct QuerySpec: Sendable, Equatable, Codable {
    public var filter: String
    public var limit: Int
    public var outputFields: [String]

    public init(filter: String = "id >= 0", limit: Int = 10, outputFields: [String] = []) {
        self.filter = filter
        self.limit = limit
        self.outputFields = outputFields
    }
}
