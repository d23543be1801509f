public struct InsertSpec: Sendable, Equatable, Codable {
    public var batch: Int
    public init(batch: Int = 100) { self.batch = batch }
}
