package struct InsertSpec: Sendable, Equatable, Codable {
    package var batch: Int
    package init(batch: Int = 100) { self.batch = batch }
}
