package struct QuerySpec: Sendable, Equatable, Codable {
    package var filter: String
    package var limit: Int
    package var outputFields: [String]

    package init(filter: String = "id >= 0", limit: Int = 10, outputFields: [String] = []) {
        self.filter = filter
        self.limit = limit
        self.outputFields = outputFields
    }
}
